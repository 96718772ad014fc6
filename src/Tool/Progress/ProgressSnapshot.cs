namespace Experiments.Tool.Progress;

/// <summary>A run's progress at one moment, as the display shows it.</summary>
/// <param name="Planned">Points in the plan.</param>
/// <param name="Succeeded">Points done.</param>
/// <param name="Failed">Points that failed every attempt.</param>
/// <param name="Running">Points with an attempt under way (or a retry due).</param>
/// <param name="Elapsed">Time since the tasks were submitted.</param>
/// <param name="BackendMessage">What the backend reports about the submission itself, if anything.</param>
/// <param name="EstimatedRemaining">The time left from the points' recorded durations (<see cref="EtaEstimator"/>), when there are enough.</param>
public sealed record ProgressSnapshot(
    long Planned, long Succeeded, long Failed, long Running, TimeSpan Elapsed, string? BackendMessage = null, TimeSpan? EstimatedRemaining = null)
{
    public long Ended => Succeeded + Failed;

    public long Remaining => Math.Max(0, Planned - Ended - Running);

    /// <summary>Points ended per second so far; null before the first one ends.</summary>
    public double? Rate => Ended > 0 && Elapsed > TimeSpan.Zero ? Ended / Elapsed.TotalSeconds : null;

    /// <summary>Time left: from recorded durations when known, else at the rate so far; null until there is either.</summary>
    public TimeSpan? Eta => EstimatedRemaining ?? (Rate is { } rate ? TimeSpan.FromSeconds((Planned - Ended) / rate) : null);

    public static string FormatDuration(TimeSpan? duration)
    {
        if (duration is not { } d)
            return "?";
        if (d.TotalHours >= 1)
            return $"{(int)d.TotalHours}:{d.Minutes:00}:{d.Seconds:00}";
        return $"{d.Minutes}:{d.Seconds:00}";
    }

    public string FormatRate() => Rate switch
    {
        null => "? points/s",
        >= 10 => FormattableString.Invariant($"{Rate:0} points/s"),
        >= 0.1 => FormattableString.Invariant($"{Rate:0.0} points/s"),
        _ => FormattableString.Invariant($"{Rate * 60:0.0} points/min"),
    };

    /// <summary>The one-line form: <c>done 12 · failed 1 · running 2 · remaining 25 of 40 · 3.1 points/s · ETA 0:09 · elapsed 0:04</c>.</summary>
    public string ToLine() =>
        $"done {Succeeded} · failed {Failed} · running {Running} · remaining {Remaining} of {Planned} · {FormatRate()} · ETA {FormatDuration(Eta)} · elapsed {FormatDuration(Elapsed)}";
}
