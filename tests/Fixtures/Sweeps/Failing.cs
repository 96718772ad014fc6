using Experiments;

namespace Sweeps;

/// <summary>A point that always fails.</summary>
public static class Failing
{
    /// <summary>
    /// 3 points. x = 2 always throws InvalidOperationException("x=2 always fails"); with Retries = 2 it is tried exactly
    /// 3 times (attempts 1, 2, 3). x = 1 and x = 3 return x × 10.
    /// </summary>
    [Experiment(Retries = 2)]
    public static int Throw([Grid(1, 2, 3)] int x) =>
        x == 2 ? throw new InvalidOperationException("x=2 always fails") : x * 10;
}
