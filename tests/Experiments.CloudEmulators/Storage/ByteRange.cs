using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.CloudEmulators.Storage;

/// <summary>A single HTTP byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) resolved against a length.</summary>
internal readonly partial record struct ByteRange(long Start, long End)
{
    /// <summary>The inclusive range, or null when it is malformed or cannot be satisfied.</summary>
    public static ByteRange? Parse(string header, long length)
    {
        var match = Pattern().Match(header.Trim());
        if (!match.Success || length == 0)
            return null;
        var first = match.Groups["first"].Value;
        var last = match.Groups["last"].Value;
        if (first.Length == 0)
        {
            if (last.Length == 0)
                return null;
            var suffix = Math.Min(long.Parse(last, CultureInfo.InvariantCulture), length);
            return suffix == 0 ? null : new ByteRange(length - suffix, length - 1);
        }
        var start = long.Parse(first, CultureInfo.InvariantCulture);
        var end = last.Length == 0 ? length - 1 : Math.Min(long.Parse(last, CultureInfo.InvariantCulture), length - 1);
        return start >= length || end < start ? null : new ByteRange(start, end);
    }

    [GeneratedRegex(@"^bytes=(?<first>\d*)-(?<last>\d*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
