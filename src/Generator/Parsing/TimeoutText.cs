using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Reads [Experiment(Timeout = "...")]: a TimeSpan text (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>, optional fraction) or a
/// number with a unit (<c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>), normalised to TimeSpan's "c" format.
/// </summary>
internal static class TimeoutText
{
    private static readonly Regex Clock = new(@"^([0-9]+\.)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?$", RegexOptions.CultureInvariant);
    private static readonly Regex WithUnit = new(@"^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h|d)$", RegexOptions.CultureInvariant);

    /// <summary>Parses a timeout; on failure <paramref name="error"/> says what is wrong (the caller adds what is valid).</summary>
    public static bool TryParse(string text, out long ticks, out string normalized, out string error)
    {
        ticks = 0;
        normalized = "";
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = "it is empty";
            return false;
        }

        TimeSpan value;
        if (Clock.IsMatch(trimmed))
        {
            if (!TimeSpan.TryParseExact(trimmed, "c", CultureInfo.InvariantCulture, out value))
            {
                error = "hours must be 0–23 and minutes and seconds 0–59";
                return false;
            }
        }
        else if (WithUnit.Match(trimmed) is { Success: true } match)
        {
            if (!TryFromUnit(match.Groups[1].Value, match.Groups[2].Value, out value))
            {
                error = "it is longer than the longest TimeSpan";
                return false;
            }
        }
        else
        {
            error = "it is neither a TimeSpan nor a number with a unit";
            return false;
        }

        if (value <= TimeSpan.Zero)
        {
            error = "it is not longer than zero";
            return false;
        }
        ticks = value.Ticks;
        normalized = value.ToString("c", CultureInfo.InvariantCulture);
        error = "";
        return true;
    }

    private static bool TryFromUnit(string number, string unit, out TimeSpan value)
    {
        value = default;
        var ticksPerUnit = unit switch
        {
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => TimeSpan.TicksPerDay,
        };
        try
        {
            // decimal keeps "1.5h" exact; a fraction of a tick is dropped, as TimeSpan cannot hold it.
            var ticks = decimal.Truncate(decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * ticksPerUnit);
            if (ticks > long.MaxValue)
                return false;
            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
