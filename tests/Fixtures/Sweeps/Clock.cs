using Experiments;

namespace Sweeps;

/// <summary>An experiment that depends on more than its parameters and seed: `reproduce` must catch it.</summary>
public static class Clock
{
    /// <summary>
    /// 2 points; returns n and the clock's tick count when the point ran, nested ({"n":1,"at":{"ticks":…}}), so no two
    /// runs give the same result.
    /// </summary>
    [Experiment]
    public static Reading Now([Grid(1, 2)] int n) => new(n, new Stamp(DateTime.UtcNow.Ticks));
}

public record Reading(int N, Stamp At);

public record Stamp(long Ticks);
