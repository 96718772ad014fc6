using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>Whether a string is valid in one of the <c>format</c>s the Swagger and discovery documents use.</summary>
internal static partial class SchemaFormats
{
    /// <summary>Null when <paramref name="text"/> is valid for <paramref name="format"/> (or the format is not a
    /// string format checked here), else what a valid value looks like.</summary>
    public static string? CheckString(string? format, string text) => format switch
    {
        "date-time" or "google-datetime" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
            && text.Contains('T') ? null : "an RFC 3339 date-time such as 2024-02-01T12:00:00Z",
        "date-time-rfc1123" => DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null : "an RFC 1123 date such as Fri, 17 Feb 2017 00:00:00 GMT",
        "duration" => IsIsoDuration(text) ? null : "an ISO 8601 duration such as PT1H30M",
        "google-duration" => GoogleDuration().IsMatch(text) ? null : "seconds with an 's' suffix such as 3600s or 1.5s",
        "uuid" => Guid.TryParse(text, out _) ? null : "a UUID such as 9C4D50EE-2D56-4CD3-8152-34347DC9F2B0",
        "int64" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "a 64-bit integer written as a decimal string",
        "uint64" => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "an unsigned 64-bit integer written as a decimal string",
        "byte" => Convert.TryFromBase64String(text, new byte[text.Length], out _) ? null : "base64-encoded bytes",
        _ => null,
    };

    /// <summary>Null when the whole number fits <paramref name="format"/>, else the range.</summary>
    public static string? CheckInteger(string? format, decimal number) => format switch
    {
        "int32" when number is < int.MinValue or > int.MaxValue => "a 32-bit integer",
        "uint32" when number is < 0 or > uint.MaxValue => "an unsigned 32-bit integer",
        "int64" when number is < long.MinValue or > long.MaxValue => "a 64-bit integer",
        _ => null,
    };

    private static bool IsIsoDuration(string text)
    {
        try
        {
            XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^-?\d+(\.\d{1,9})?s$", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleDuration();
}
