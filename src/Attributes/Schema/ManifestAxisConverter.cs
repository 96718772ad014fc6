using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Schema;

/// <summary>
/// Reads and writes a manifest axis in either of its forms: <c>values</c> listed (grid and all axes), or <c>start</c>,
/// <c>step</c> and <c>count</c> (range and replicates axes), whose values are then computed when read
/// (<see cref="ResultsFileAxes.Values"/>), so a million-value axis costs a few bytes. The results file's header uses the
/// same two forms.
/// </summary>
internal sealed class ManifestAxisConverter : JsonConverter<ManifestAxis>
{
    public override ManifestAxis Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected an axis object, not {reader.TokenType}.");
        using var document = JsonDocument.ParseValue(ref reader);
        var axis = document.RootElement;
        var name = Text(axis, "name", "(unnamed)");
        var type = Text(axis, "type", name);
        var kind = Text(axis, "kind", name);
        if (axis.TryGetProperty("values", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array)
                throw new JsonException($"Axis '{name}': \"values\" must be an array.");
            // One clone of the whole array: its elements share the copy (an element's own document would take ~250 bytes).
            return new ManifestAxis(name, type, kind, values.Clone().EnumerateArray().ToArray());
        }
        if (!axis.TryGetProperty("count", out _))
            throw new JsonException($"Axis '{name}' has neither \"values\" nor \"start\", \"step\" and \"count\".");
        var form = new ResultsFileAxes.Arithmetic(Number(axis, "start", name), Number(axis, "step", name), Count(axis, name));
        if (form.Step == 0)
            throw new JsonException($"Axis '{name}': \"step\" must not be 0.");
        return new ManifestAxis(name, type, kind, ResultsFileAxes.Values(type, form));
    }

    public override void Write(Utf8JsonWriter writer, ManifestAxis value, JsonSerializerOptions options) => WriteAxis(writer, value);

    /// <summary>An axis as the manifest and the results file's header both write it: start, step and count, or its values.</summary>
    internal static void WriteAxis(Utf8JsonWriter writer, ManifestAxis value)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("type", value.Type);
        writer.WriteString("kind", value.Kind);
        if (ResultsFileAxes.TryArithmetic(value) is { } form)
        {
            writer.WriteNumber("start", form.Start);
            writer.WriteNumber("step", form.Step);
            writer.WriteNumber("count", form.Count);
        }
        else
        {
            writer.WriteStartArray("values");
            foreach (var element in value.Values)
                element.WriteTo(writer);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static string Text(JsonElement axis, string property, string axisName) =>
        axis.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"Axis '{axisName}': \"{property}\" must be a string.");

    private static decimal Number(JsonElement axis, string property, string axisName) =>
        axis.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new JsonException($"Axis '{axisName}': \"{property}\" must be a number.");

    private static int Count(JsonElement axis, string axisName) =>
        axis.TryGetProperty("count", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 1
            ? count
            : throw new JsonException($"Axis '{axisName}': \"count\" must be a whole number of at least 1.");
}
