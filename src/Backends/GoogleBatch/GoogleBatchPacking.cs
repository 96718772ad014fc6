using Experiments.Registry;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Points per Batch task. A task costs a VM slot, an image pull and the app's start (tens of seconds), so tasks should
/// run minutes; but a grid cut into fewer tasks than can run at once leaves VMs idle. Aim for about four tasks per
/// task slot (<c>parallelism</c>, else <see cref="TasksWithoutParallelism"/>), no task shorter than
/// <see cref="MinTaskDuration"/> or longer than <see cref="MaxTaskDuration"/> when point durations are known.
/// </summary>
public static class GoogleBatchPacking
{
    public static readonly TimeSpan MinTaskDuration = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxTaskDuration = TimeSpan.FromMinutes(30);

    /// <summary>How many tasks to aim for when no parallelism is configured.</summary>
    public const int TasksWithoutParallelism = 200;

    /// <summary>One lost task (a preempted VM) should never lose more than this many points.</summary>
    public const int MaxPointsPerTask = 10_000;

    public static int PointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration, int? parallelism)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var wantedTasks = parallelism is { } p ? Math.Clamp(4L * p, 8, 100_000) : TasksWithoutParallelism;
        var points = (long)Math.Ceiling((double)experiment.PointCount / wantedTasks);
        if (typicalPointDuration is { } typical && typical > TimeSpan.Zero)
        {
            var least = (long)Math.Ceiling(MinTaskDuration / typical);
            var most = Math.Max(1, (long)Math.Floor(MaxTaskDuration / typical));
            points = Math.Clamp(points, Math.Min(least, most), most);
        }
        return (int)Math.Clamp(points, 1, MaxPointsPerTask);
    }
}
