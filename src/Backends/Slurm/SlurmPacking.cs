using Experiments.Registry;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Points per array task. A Slurm task costs about a second of scheduling and the app's start, so tasks should run
/// well beyond that; but a grid cut into fewer tasks than the partition has CPUs leaves CPUs idle. Aim for about four
/// tasks per CPU the points can use, no task shorter than <see cref="MinTaskDuration"/> or longer than
/// <see cref="MaxTaskDuration"/> when durations are known, and never more points than fit in <c>slurm.timeLimit</c>.
/// </summary>
public static class SlurmPacking
{
    public static readonly TimeSpan MinTaskDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxTaskDuration = TimeSpan.FromMinutes(20);

    /// <summary>How many tasks to aim for when the partition's size is unknown.</summary>
    public const int TasksWithoutCapacity = 100;

    /// <summary>One lost task (a node failure) should never lose more than this many points.</summary>
    public const int MaxPointsPerTask = 10_000;

    /// <param name="clusterCpus">The partition's CPUs, when sinfo told.</param>
    public static int PointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration, int? clusterCpus, TimeSpan? timeLimit)
    {
        var cpusPerPoint = Math.Max(1, experiment.Resources.Cpus);
        var wantedTasks = clusterCpus is { } cpus
            ? Math.Clamp(4 * Math.Max(1, cpus / cpusPerPoint), 8, 1000)
            : TasksWithoutCapacity;
        var points = (long)Math.Ceiling((double)experiment.PointCount / wantedTasks);
        if (typicalPointDuration is { } typical && typical > TimeSpan.Zero)
        {
            var least = (long)Math.Ceiling(MinTaskDuration / typical);
            var most = Math.Max(1, (long)Math.Floor(MaxTaskDuration / typical));
            points = Math.Clamp(points, Math.Min(least, most), most);
        }
        points = Math.Clamp(points, 1, MaxPointsPerTask);
        if (experiment.Resources.Timeout is { } timeout && timeLimit is { } limit)
            points = Math.Min(points, SlurmTimeLimit.MaxPointsWithin(timeout, limit));
        return (int)points;
    }
}
