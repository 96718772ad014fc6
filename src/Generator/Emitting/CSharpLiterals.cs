using System.Globalization;
using System.Text;
using Experiments.Generator.Model;
using Experiments.Generator.Parsing;

namespace Experiments.Generator.Emitting;

/// <summary>C# literals for axis values, derived from their canonical text so a literal and its key text always agree.</summary>
internal static class CSharpLiterals
{
    public static string Of(AxisSpec axis, string text) => axis.Scalar switch
    {
        ScalarKind.Bool => text,
        ScalarKind.Char => Char(text[0]),
        ScalarKind.String => String(text),
        ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Int16 or ScalarKind.UInt16 => $"({axis.TypeSyntax})({text})",
        ScalarKind.Int32 => text,
        ScalarKind.UInt32 => text + "U",
        ScalarKind.Int64 => text + "L",
        ScalarKind.UInt64 => text + "UL",
        ScalarKind.Single => text + "F",
        ScalarKind.Double => text + "D",
        ScalarKind.Decimal => text + "M",
        _ => axis.TypeSyntax + "." + TypeNames.Identifier(text),
    };

    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
            sb.Append(Escape(c, '"'));
        return sb.Append('"').ToString();
    }

    public static string Char(char value) => "'" + Escape(value, '\'') + "'";

    private static string Escape(char c, char quote) => c switch
    {
        '\\' => "\\\\",
        '\0' => "\\0",
        '\a' => "\\a",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\v' => "\\v",
        _ when c == quote => "\\" + c,
        // Control characters, line separators and lone surrogates would break the source or its encoding.
        _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' || char.IsSurrogate(c)
            => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => c.ToString(),
    };
}
