using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Schema;

/// <summary>
/// Reads a JSON array into elements of one shared document. The serializer's own <see cref="JsonElement"/> reading gives
/// every element a document of its own (a copy of its bytes and its metadata, some 250 bytes); an axis of 10⁶ values
/// would then take a quarter of a gigabyte where the shared document takes a tenth of that.
/// </summary>
internal sealed class SharedJsonElementsConverter : JsonConverter<IReadOnlyList<JsonElement>>
{
    public override IReadOnlyList<JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected an array of values, not {reader.TokenType}.");
        using var document = JsonDocument.ParseValue(ref reader);
        // One clone of the whole array: its elements share the copy, which lives as long as any of them.
        return document.RootElement.Clone().EnumerateArray().ToArray();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<JsonElement> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var element in value)
            element.WriteTo(writer);
        writer.WriteEndArray();
    }
}
