using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Experiments.Tool.Journal;

/// <summary>Run ids sort by time and are safe as folder names: <c>20261121-143005-3f2a</c> (UTC start, 16 random bits).</summary>
public static partial class RunId
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    public static bool IsValid(string text) => Pattern().IsMatch(text);

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
