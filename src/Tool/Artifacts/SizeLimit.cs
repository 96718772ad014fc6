using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Tool.Artifacts;

/// <summary>Sizes as people write them in a flag or the config file: <c>500MB</c>, <c>1 GB</c>, <c>2GiB</c>, <c>1048576</c>.</summary>
public static partial class SizeLimit
{
    public const string Examples = "e.g. 500MB, 2 GB, 1GiB or a number of bytes";

    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["b"] = 1,
        ["kb"] = 1000, ["mb"] = 1000_000, ["gb"] = 1000_000_000, ["tb"] = 1000_000_000_000,
        ["kib"] = 1L << 10, ["mib"] = 1L << 20, ["gib"] = 1L << 30, ["tib"] = 1L << 40,
    };

    /// <summary>The size in bytes, or null when <paramref name="text"/> is not a size.</summary>
    public static long? TryParse(string text)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success || !Units.TryGetValue(match.Groups["unit"].Value, out var unit))
            return null;
        if (!double.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return null;
        var bytes = number * unit;
        return bytes > long.MaxValue ? null : (long)bytes;
    }

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*(?<unit>[a-zA-Z]*)$")]
    private static partial Regex SizePattern();
}
