using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Reads [Experiment(Memory = "...")]: a number with a binary (KiB, MiB, GiB, TiB) or decimal (B, KB, MB, GB, TB) unit,
/// or plain bytes. Units are case-insensitive; "b" is always bytes, never bits.
/// </summary>
internal static class MemoryText
{
    private static readonly Regex Amount = new(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out long bytes, out string error)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var match = Amount.Match(trimmed);
        if (trimmed.Length == 0 || !match.Success)
        {
            error = trimmed.Length == 0 ? "it is empty" : "it is not a number followed by a unit";
            return false;
        }
        if (!TryUnit(match.Groups[2].Value, out var multiplier))
        {
            error = $"'{match.Groups[2].Value}' is not a unit";
            return false;
        }
        decimal amount;
        try
        {
            amount = decimal.Parse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * multiplier;
        }
        catch (OverflowException)
        {
            error = "it is more than a 64-bit byte count can hold";
            return false;
        }
        if (amount != decimal.Truncate(amount))
        {
            error = "it is not a whole number of bytes";
            return false;
        }
        if (amount > long.MaxValue)
        {
            error = "it is more than a 64-bit byte count can hold";
            return false;
        }
        if (amount <= 0)
        {
            error = "it is not more than zero";
            return false;
        }
        bytes = (long)amount;
        error = "";
        return true;
    }

    private static bool TryUnit(string unit, out decimal multiplier)
    {
        multiplier = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1m,
            "KB" => 1_000m,
            "MB" => 1_000_000m,
            "GB" => 1_000_000_000m,
            "TB" => 1_000_000_000_000m,
            "KIB" => 1024m,
            "MIB" => 1024m * 1024,
            "GIB" => 1024m * 1024 * 1024,
            "TIB" => 1024m * 1024 * 1024 * 1024,
            _ => 0m,
        };
        return multiplier != 0m;
    }
}
