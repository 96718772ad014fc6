using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>Slurm's time text (<c>--time</c>) both ways, and how long a task of timed points should ask for.</summary>
public static class SlurmTimeLimit
{
    /// <summary>Start-up (the app's first load from a shared filesystem), restarts after timeouts, writing records.</summary>
    public static readonly TimeSpan TaskMargin = TimeSpan.FromMinutes(5);

    /// <summary>The worker's longest grace after a point's timeout before it gives up on the point (docs/internals.md).</summary>
    public static readonly TimeSpan PointGrace = TimeSpan.FromSeconds(30);

    /// <summary>D-HH:MM:SS, rounded up to whole seconds (Slurm would otherwise round a fraction down to less than asked).</summary>
    public static string Format(TimeSpan time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(time, TimeSpan.Zero);
        var seconds = (long)Math.Ceiling(time.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"{seconds / 86400}-{seconds / 3600 % 24:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    /// <summary>Reads MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, as sbatch does.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS).");

    public static bool TryParse(string text, out TimeSpan time)
    {
        time = default;
        var dash = text.IndexOf('-');
        long days = 0;
        var clock = text;
        if (dash >= 0)
        {
            if (!TryNumber(text[..dash], out days))
                return false;
            clock = text[(dash + 1)..];
        }
        var parts = clock.Split(':');
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryNumber(parts[i], out numbers[i]))
                return false;
        }
        long seconds;
        if (dash >= 0)
        {
            // With days the first field is hours: D-HH, D-HH:MM, D-HH:MM:SS.
            if (parts.Length > 3)
                return false;
            seconds = days * 86400 + numbers[0] * 3600 + (parts.Length > 1 ? numbers[1] * 60 : 0) + (parts.Length > 2 ? numbers[2] : 0);
        }
        else
        {
            seconds = parts.Length switch
            {
                1 => numbers[0] * 60,
                2 => numbers[0] * 60 + numbers[1],
                3 => numbers[0] * 3600 + numbers[1] * 60 + numbers[2],
                _ => -1,
            };
        }
        if (seconds <= 0)
            return false;
        time = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>
    /// What a task of <paramref name="points"/> points should ask for: each point may run its timeout plus the worker's
    /// grace, plus a margin for the task. Without a timeout the configured limit (or the partition's default) applies.
    /// </summary>
    /// <param name="timeout">The experiment's point timeout; null when it has none.</param>
    /// <param name="points">The most points any task of the array holds.</param>
    /// <param name="configuredLimit">The config's <c>timeLimit</c>: the most a task may ask for.</param>
    public static TaskTime ForTask(TimeSpan? timeout, int points, TimeSpan? configuredLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        if (timeout is not { } perPoint)
            return new TaskTime(configuredLimit, Capped: false);
        var wanted = (perPoint + PointGrace) * points + TaskMargin;
        return configuredLimit is { } limit && wanted > limit
            ? new TaskTime(limit, Capped: true)
            : new TaskTime(wanted, Capped: false);
    }

    /// <summary>
    /// How many points fit in a task under <paramref name="configuredLimit"/> (at least 1), so a backend can pack fewer
    /// points instead of asking for more time than allowed.
    /// </summary>
    public static int MaxPointsWithin(TimeSpan timeout, TimeSpan configuredLimit)
    {
        var usable = configuredLimit - TaskMargin;
        return usable <= TimeSpan.Zero ? 1 : (int)Math.Clamp(usable / (timeout + PointGrace), 1, int.MaxValue);
    }

    /// <summary><c>--mem</c> text in MiB (Slurm's M), rounded up so a point never gets less than it declared.</summary>
    public static string Memory(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bytes, 0);
        return string.Create(CultureInfo.InvariantCulture, $"{(bytes + (1L << 20) - 1) >> 20}M");
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && text.Length <= 9;
}

/// <summary>The <c>--time</c> a task asks for.</summary>
/// <param name="Limit">The time; null to leave <c>--time</c> out (the partition's default applies).</param>
/// <param name="Capped">True when timeout × points wanted more than the configured limit: later points may not run.</param>
public readonly record struct TaskTime(TimeSpan? Limit, bool Capped);
