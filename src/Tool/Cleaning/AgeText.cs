using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Tool.Cleaning;

/// <summary><c>--older-than</c>: a whole number of weeks, days or hours (<c>2w</c>, <c>30d</c>, <c>12h</c>).</summary>
public static partial class AgeText
{
    public const string ValidForms = "a whole number followed by w (weeks), d (days) or h (hours), such as 30d, 2w or 12h";

    /// <summary>The age, or null when the text is not one of the <see cref="ValidForms"/>.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return null;
        return match.Groups[2].Value.ToLowerInvariant() switch
        {
            "w" => TimeSpan.FromDays(7 * n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromHours(n),
        };
    }

    [GeneratedRegex(@"^([0-9]{1,6})([wdhWDH])$")]
    private static partial Regex Pattern();
}
