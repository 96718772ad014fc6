using Experiments.Registry;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Points per task. A Batch task costs seconds of scheduling and a container start, so tasks should run minutes; but a
/// grid cut into fewer tasks than the pool has slots leaves slots idle. Aim for about four tasks per slot when the pool's
/// size is known (an auto pool), else <see cref="TasksWithoutCapacity"/>.
/// </summary>
public static class AzureBatchPacking
{
    public static readonly TimeSpan TargetTaskDuration = TimeSpan.FromMinutes(10);

    public const int TasksWithoutCapacity = 500;

    /// <summary>One lost task should never lose more than this many points.</summary>
    public const int MaxPointsPerTask = 10_000;

    public static int PointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration, int? poolSlots)
    {
        var tasks = poolSlots is > 0 and var slots ? Math.Clamp(4 * slots, 8, 100_000) : TasksWithoutCapacity;
        return TaskPacking.PointsPerTask(experiment.PointCount, typicalPointDuration, TargetTaskDuration, tasks, MaxPointsPerTask);
    }
}
