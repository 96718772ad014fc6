using System.Buffers;
using System.Text.Json;
using Experiments.Points;

namespace Experiments.Schema;

/// <summary>
/// A point's typed parameters from its key and the header's axis types: schema 2 does not repeat them on every line.
/// A key's value text is the value's canonical text, which is also its JSON text for numbers, so no value list is needed.
/// </summary>
public static class ResultsFileParameters
{
    public static JsonElement FromKey(string key, IReadOnlyList<ManifestAxis> axes)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs;
        try
        {
            pairs = PointKey.Parse(key);
        }
        catch (FormatException)
        {
            pairs = [];
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, text) in pairs)
            {
                var type = TypeOf(axes, name);
                writer.WritePropertyName(name);
                if (type is "bool" && text is "true" or "false")
                    writer.WriteBooleanValue(text == "true");
                else if (type is not null && ResultsFileAxes.IsNumeric(type) && IsJsonNumber(text))
                    writer.WriteRawValue(text);
                else
                    writer.WriteStringValue(text);
            }
            writer.WriteEndObject();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static string? TypeOf(IReadOnlyList<ManifestAxis> axes, string name)
    {
        foreach (var axis in axes)
        {
            if (axis.Name == name)
                return axis.Type;
        }
        return null;
    }

    private static bool IsJsonNumber(string text)
    {
        if (text.Length == 0)
            return false;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == reader.TokenStartIndex + reader.ValueSpan.Length && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
