using Experiments;

namespace Sweeps;

/// <summary>A point that always fails.</summary>
public static class Failing
{
    /// <summary>
    /// 3 points. x = 2 writes "Sweeps.Failing.Throw gives up on x=2" to stderr and always throws
    /// InvalidOperationException("x=2 always fails"); with Retries = 2 it is tried exactly 3 times (attempts 1, 2, 3).
    /// x = 1 and x = 3 return x × 10.
    /// </summary>
    [Experiment(Retries = 2)]
    public static int Throw([Grid(1, 2, 3)] int x)
    {
        if (x != 2)
            return x * 10;
        Console.Error.WriteLine("Sweeps.Failing.Throw gives up on x=2");
        throw new InvalidOperationException("x=2 always fails");
    }
}
