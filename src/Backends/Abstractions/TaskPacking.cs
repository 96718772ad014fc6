namespace Experiments.Backends;

/// <summary>
/// The arithmetic behind <see cref="IExperimentBackend.DefaultPointsPerTask"/>: pack points until a task runs about
/// as long as the backend wants when point durations are known, or cut the grid into about as many tasks as the
/// backend wants when they are not.
/// </summary>
public static class TaskPacking
{
    /// <param name="pointCount">Points of the experiment.</param>
    /// <param name="typicalPointDuration">How long a point usually takes, when earlier runs tell.</param>
    /// <param name="targetTaskDuration">How long a task should run to amortise its start-up.</param>
    /// <param name="targetTaskCount">How many tasks to aim for when durations are unknown.</param>
    /// <param name="maxPointsPerTask">An upper bound, so one lost task never loses too much.</param>
    public static int PointsPerTask(
        long pointCount,
        TimeSpan? typicalPointDuration,
        TimeSpan targetTaskDuration,
        int targetTaskCount,
        int maxPointsPerTask)
    {
        if (maxPointsPerTask < 1)
            throw new ArgumentOutOfRangeException(nameof(maxPointsPerTask), maxPointsPerTask, "Must be at least 1.");
        double wanted;
        if (typicalPointDuration is { } typical && typical > TimeSpan.Zero)
            wanted = Math.Ceiling(targetTaskDuration / typical);
        else
            wanted = Math.Ceiling((double)pointCount / Math.Max(1, targetTaskCount));
        return (int)Math.Clamp(wanted, 1, maxPointsPerTask);
    }
}
