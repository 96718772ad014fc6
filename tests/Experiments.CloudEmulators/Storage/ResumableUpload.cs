using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Experiments.CloudEmulators.Storage;

/// <summary>
/// One resumable upload session: started by <c>objects.insert</c> with <c>uploadType=resumable</c> (the object's
/// metadata as the body), then fed by <c>PUT</c>s to the session URI, each carrying <c>Content-Range: bytes a-b/total</c>
/// (<c>bytes */total</c> with no bytes finishes an empty object or asks how much arrived). The session URI is the
/// service's own, not a method of the discovery document.
/// </summary>
internal sealed partial class ResumableUpload(string bucket, string name, JsonElement? metadata, IReadOnlyDictionary<string, string> startQuery)
{
    private readonly MemoryStream _received = new();

    public string Bucket => bucket;

    public string Name => name;

    public JsonElement? Metadata => metadata;

    /// <summary>The starting request's query, whose preconditions apply when the object is written.</summary>
    public IReadOnlyDictionary<string, string> StartQuery => startQuery;

    public long Received => _received.Length;

    public byte[] Content => _received.ToArray();

    /// <summary>Takes one PUT's bytes; true when the object is complete, false when more is expected; an error text when the range does not fit.</summary>
    public (bool Complete, string? Error) Accept(string? contentRange, byte[] bytes)
    {
        var match = contentRange is null ? null : RangePattern().Match(contentRange.Trim());
        if (match is not { Success: true })
            return (false, $"a resumable upload's PUT needs Content-Range: bytes FIRST-LAST/TOTAL or bytes */TOTAL, not '{contentRange}'.");
        long? total = match.Groups["total"].Value == "*" ? null : long.Parse(match.Groups["total"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["first"].Success)
        {
            var first = long.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
            var last = long.Parse(match.Groups["last"].Value, CultureInfo.InvariantCulture);
            if (first != Received || last - first + 1 != bytes.Length)
                return (false, $"the range {first}-{last} does not follow the {Received} bytes received, or does not match the {bytes.Length} bytes sent.");
            _received.Write(bytes);
        }
        else if (bytes.Length > 0)
        {
            return (false, "Content-Range: bytes */TOTAL carries no bytes.");
        }
        if (total is { } size && size < Received)
            return (false, $"the total {size} is less than the {Received} bytes received.");
        return (total == Received, null);
    }

    [GeneratedRegex(@"^bytes (?:(?<first>\d+)-(?<last>\d+)|\*)/(?<total>\d+|\*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();
}
