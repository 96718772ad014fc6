using Experiments;

namespace Sweeps;

/// <summary>Points that overrun their timeout of one second.</summary>
public static class Slow
{
    /// <summary>
    /// 3 points with Timeout = 1 s. milliseconds = 5000 overruns it, honours its token and is recorded as a timeout; the
    /// points before and after (10 and 20 ms) succeed and return their milliseconds. Retries = 0.
    /// </summary>
    [Experiment(Timeout = "00:00:01")]
    public static async Task<int> Sleep([Grid(10, 5000, 20)] int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return milliseconds;
    }

    /// <summary>
    /// 3 points with Timeout = 1 s. step = "stuck" ignores its token and blocks for ever: after the grace period the
    /// worker records a timeout and exits with 124, and a new worker runs "after". "before" and "after" return their
    /// step. Retries = 0.
    /// </summary>
    [Experiment(Timeout = "00:00:01")]
    public static string Runaway([Grid("before", "stuck", "after")] string step)
    {
        if (step == "stuck")
            Thread.Sleep(Timeout.Infinite);
        return step;
    }
}
