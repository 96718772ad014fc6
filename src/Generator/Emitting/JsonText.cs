using System.Globalization;
using System.Text;

namespace Experiments.Generator.Emitting;

/// <summary>JSON string literals for the manifest (the generator cannot use System.Text.Json: it runs on netstandard2.0
/// inside every compiler host and must not bring dependencies).</summary>
internal static class JsonText
{
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c is '\u2028' or '\u2029' or '\u0085' || char.IsSurrogate(c))
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string NullableString(string? value) => value is null ? "null" : String(value);

    public static string NullableNumber(long? value) => value is null ? "null" : Number(value.Value);
}
