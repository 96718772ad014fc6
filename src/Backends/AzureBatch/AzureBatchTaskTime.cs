namespace Experiments.Backends.AzureBatch;

/// <summary>
/// A task's <c>maxWallClockTime</c>: each of its points may run its timeout plus the worker's grace, plus a margin for
/// the container's start and the records' upload. Without a timeout the task has no limit, as on the local backend.
/// </summary>
public static class AzureBatchTaskTime
{
    /// <summary>Pulling the image on a fresh node, the app's start, writing records.</summary>
    public static readonly TimeSpan TaskMargin = TimeSpan.FromMinutes(5);

    /// <summary>The worker's longest grace after a point's timeout before it gives up on the point.</summary>
    public static readonly TimeSpan PointGrace = TimeSpan.FromSeconds(30);

    public static TimeSpan? For(TimeSpan? timeout, int points) =>
        timeout is { } limit && limit > TimeSpan.Zero
            ? (limit + PointGrace) * Math.Max(1, points) + TaskMargin
            : null;
}
