using Experiments.Registry;

namespace Experiments.Backends;

/// <summary>
/// The arithmetic behind <see cref="IExperimentBackend.DefaultPointsPerTask"/>, shared by every backend: pack points
/// until a task runs about as long as the backend wants when point durations are known, or cut the grid into about as
/// many tasks as the backend wants when they are not — and, when the backend knows how many tasks run at once, into a
/// whole number of waves (a task count that is a multiple of the slots), so the last wave is as full as the others.
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

    /// <summary>Points per task of <paramref name="experiment"/> on a backend described by <paramref name="profile"/>.</summary>
    public static int PointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration, PackingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(profile);
        var n = Math.Max(1, experiment.PointCount);
        var known = typicalPointDuration is { } d && d > TimeSpan.Zero;
        // Tasks that can run at once: the slots divided by the CPUs one point takes.
        long? slots = profile.Slots is > 0 and var s ? Math.Max(1, s / Math.Max(1, experiment.Resources.Cpus)) : null;
        long points;
        if (slots is null && !known && profile.PointsWithoutDurations is { } fixedSize)
            points = fixedSize;
        else
        {
            var tasks = slots is { } k ? k * (known ? PackingProfile.TasksPerSlot : PackingProfile.WavesWithoutDurations) : profile.TasksWithoutSlots;
            points = Ceiling(n, Math.Max(1, tasks));
        }
        if (known)
        {
            var least = (long)Math.Ceiling(profile.MinTaskDuration / typicalPointDuration!.Value);
            var most = Math.Max(1, (long)Math.Floor(profile.MaxTaskDuration / typicalPointDuration.Value));
            points = Math.Clamp(points, Math.Min(least, most), most);
        }
        long upper = Math.Max(1, profile.MaxPointsPerTask);
        if (known)
            upper = Math.Min(upper, Math.Max(1, (long)Math.Floor(profile.MaxTaskDuration / typicalPointDuration!.Value)));
        points = Math.Clamp(points, 1, upper);
        if (slots is { } wave && n > wave)
        {
            // Whole waves: the multiple of the slots nearest the task count, so the last wave is as full as the others
            // (more, shorter tasks when fewer would hold too many points).
            var count = Ceiling(n, points);
            var down = count / wave * wave;
            var up = Ceiling(count, wave) * wave;
            var waves = down >= wave && count - down <= up - count && Ceiling(n, down) <= upper ? down : up;
            points = Ceiling(n, waves);
        }
        return (int)Math.Max(1, points);
    }

    private static long Ceiling(long a, long b) => (a + b - 1) / b;
}
