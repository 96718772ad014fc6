// Compiled into both the runtime (net10.0) and the generator (netstandard2.0): the canonical text of a value and
// its escaping must be the same at compile time (manifest, registry) and at run time (keys, --where parsing).
using System;
using System.Globalization;
using System.Text;

namespace Experiments.Points;

/// <summary>Canonical, culture-invariant text of axis values, and the escaping that keeps point keys unambiguous.</summary>
internal static class PointKeyText
{
    public const char PairSeparator = ';';
    public const char NameValueSeparator = '=';

    /// <summary>Shortest round-trip text of a number, invariant culture; decimals without trailing zeros.</summary>
    public static string FormatNumber(object value) => value switch
    {
        // "R" is the shortest text that parses back to the same value on .NET Core 3.0 and later.
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => Normalize(m).ToString(CultureInfo.InvariantCulture),
        IFormattable i => i.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Not a number: {value.GetType()}", nameof(value)),
    };

    /// <summary>Canonical text of any axis value (before key escaping).</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => s,
        char c => c.ToString(),
        Enum e => e.ToString(),
        _ => FormatNumber(value),
    };

    /// <summary>Removes a decimal's trailing zeros: 0.10m and 0.1m have one canonical text.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Whether a value's text must be quoted inside a key.</summary>
    public static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[text.Length - 1]))
            return true;
        foreach (var c in text)
        {
            if (c is ';' or '=' or '"' or '\\' or ',' || char.IsControl(c))
                return true;
        }
        return false;
    }

    /// <summary>The value as it stands in a key: bare when unambiguous, else quoted with \" and \\ escapes.</summary>
    public static string Escape(string text)
    {
        if (!NeedsQuotes(text))
            return text;
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
