using Experiments;

namespace Sweeps;

/// <summary>Points that fail once, deterministically.</summary>
public static class Flaky
{
    /// <summary>
    /// 2 points that throw TimeoutException on attempt 1 and return the attempt number (2) on attempt 2; Retries = 1.
    /// Depends on context.Attempt only, so it behaves the same on every run.
    /// </summary>
    [Experiment(Retries = 1)]
    public static int SecondTime([Grid(1, 2)] int n, ExperimentContext context) =>
        context.Attempt == 1 ? throw new TimeoutException($"n={n}: the first attempt always fails") : context.Attempt;
}
