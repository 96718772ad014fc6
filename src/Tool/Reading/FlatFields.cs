using System.Globalization;
using System.Text.Json;

namespace Experiments.Tool.Reading;

/// <summary>
/// A point's result as flat fields: nested objects become dotted paths (<c>result.error.relative</c>) and array items
/// take their index (<c>result.values[2]</c>), so diff, reproduce and export can compare or tabulate any result shape
/// one scalar at a time. A result that is itself a scalar is the single field <c>result</c>.
/// </summary>
public static class FlatFields
{
    public const string ResultPrefix = "result";

    /// <summary>The scalar leaves of <paramref name="value"/> under <paramref name="prefix"/>, in document order.</summary>
    public static IEnumerable<(string Path, JsonElement Value)> Flatten(JsonElement? value, string prefix = ResultPrefix)
    {
        if (value is not { } element)
            return [];
        var fields = new List<(string, JsonElement)>();
        Add(fields, prefix, element);
        return fields;
    }

    private static void Add(List<(string, JsonElement)> fields, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Add(fields, path + "." + property.Name, property.Value);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Add(fields, path + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", item);
                break;
            default:
                fields.Add((path, element));
                break;
        }
    }

    /// <summary>A scalar as people read it: strings without quotes, numbers and literals as written.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
