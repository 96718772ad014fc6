using Experiments;

namespace Sweeps;

/// <summary>Points that take their worker process down with them. p = 1 and p = 3 return p.</summary>
public static class Crashing
{
    /// <summary>3 points; p = 2 calls Environment.FailFast (exit code 134, SIGABRT) on every attempt; Retries = 1, so it crashes twice.</summary>
    [Experiment(Retries = 1)]
    public static int FailFast([Grid(1, 2, 3)] int p)
    {
        if (p == 2)
            Environment.FailFast("Sweeps.Crashing.FailFast: deliberate crash at p=2");
        return p;
    }

    /// <summary>3 points; p = 2 calls Environment.Exit(3) in the middle of the point. Retries = 0.</summary>
    [Experiment]
    public static int Exit([Grid(1, 2, 3)] int p)
    {
        if (p == 2)
            Environment.Exit(3);
        return p;
    }

    /// <summary>3 points; p = 2 recurses until the stack overflows (the runtime aborts the process). Retries = 0.</summary>
    [Experiment]
    public static int StackOverflow([Grid(1, 2, 3)] int p) => p == 2 ? Recurse(0) : p;

    private static int Recurse(int depth) => Recurse(depth + 1) + 1;
}
