namespace Experiments.Backends;

/// <summary>
/// What a backend tells the shared packing (<see cref="TaskPacking"/>) about its tasks: how long one should run to
/// amortise its start, how many run at once, and the most points one may lose.
/// </summary>
/// <param name="MinTaskDuration">A task should run at least this long when point durations are known.</param>
/// <param name="MaxTaskDuration">… and at most this long.</param>
/// <param name="Slots">How many tasks run at once (a partition's CPUs, a pool's slots), when known.</param>
/// <param name="TasksWithoutSlots">How many tasks to cut a grid into when <paramref name="Slots"/> is unknown.</param>
/// <param name="MaxPointsPerTask">One lost task (a node failure) never loses more than this many points.</param>
/// <param name="PointsWithoutDurations">A fixed size when neither durations nor slots are known (null: cut by
/// <paramref name="TasksWithoutSlots"/>).</param>
public sealed record PackingProfile(
    TimeSpan MinTaskDuration,
    TimeSpan MaxTaskDuration,
    int? Slots,
    int TasksWithoutSlots,
    int MaxPointsPerTask = 10_000,
    int? PointsWithoutDurations = null)
{
    /// <summary>Tasks per slot when durations are known: short tasks even out the ends of the waves.</summary>
    public const int TasksPerSlot = 4;

    /// <summary>
    /// Waves when durations are unknown (a first run): two, so a slow half of the grid costs at most half a wave, and
    /// each extra wave costs every slot another task start (about a second on Slurm).
    /// </summary>
    public const int WavesWithoutDurations = 2;
}
