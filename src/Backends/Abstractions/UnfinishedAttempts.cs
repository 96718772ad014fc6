using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>
/// Attempts a task's record file shows as started and never ended: the worker died inside them. Only whoever saw it
/// die knows why — the local controller (an exit code and stderr) or the Slurm backend (the scheduler's verdict) — so
/// they record the failure with this.
/// </summary>
public static class UnfinishedAttempts
{
    /// <param name="records">A task's records, in file order.</param>
    /// <param name="experiment">The task's experiment (other experiments' records are ignored).</param>
    /// <param name="cancelledIsUnfinished">Whether an attempt that ended only as <c>cancelled</c> counts too: on Slurm a
    /// time limit's SIGTERM makes the worker record its point as cancelled, though the point was cut off, not stopped.</param>
    /// <returns>One record per unfinished attempt: the last word on it, started or cancelled.</returns>
    public static IReadOnlyList<PointRecord> In(IEnumerable<PointRecord> records, string experiment, bool cancelledIsUnfinished)
    {
        var open = new Dictionary<(string Key, int Attempt), PointRecord>();
        foreach (var record in records)
        {
            if (record.Experiment != experiment)
                continue;
            if (record.Status == PointStatus.Started || (cancelledIsUnfinished && record.Error?.Kind == ErrorKind.Cancelled))
                open[(record.Key, record.Attempt)] = record;
            else
                open.Remove((record.Key, record.Attempt));
        }
        return open.Values.ToArray();
    }

    /// <summary>The failed record that ends an unfinished attempt, timed from its start until now.</summary>
    public static PointRecord Failed(PointRecord unfinished, PointError error) => unfinished with
    {
        Status = PointStatus.Failed,
        Duration = Math.Max(0, (DateTimeOffset.UtcNow - unfinished.StartedAt).TotalSeconds),
        Result = null,
        Error = error,
    };
}
