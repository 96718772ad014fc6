using System.Globalization;
using System.Text.Json;

namespace Experiments.Schema;

/// <summary>Typed field access for <see cref="ResultsFileReader"/>: every miss names the field, what it must be, and the line.</summary>
internal static class ResultsFileFields
{
    public static void RequireObject(JsonElement e, string what, string file, long line)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new ResultsFileFormatException(file, line, $"each {what} must be a JSON object.");
    }

    public static JsonElement Required(JsonElement e, string name, string file, long line) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ResultsFileFormatException(file, line, $"missing \"{name}\".");

    public static string String(JsonElement e, string name, string file, long line) =>
        StringValue(Required(e, name, file, line), name, file, line);

    /// <summary>A value already taken from its property (top-level fields are read one by one).</summary>
    public static string StringValue(JsonElement value, string name, string file, long line) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a string.");

    public static string? OptionalString(JsonElement e, string name, string file, long line)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a string.");
    }

    public static bool? OptionalBool(JsonElement e, string name, string file, long line)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ResultsFileFormatException(file, line, $"\"{name}\" must be true or false."),
        };
    }

    public static int Int(JsonElement e, string name, string file, long line)
    {
        var value = Required(e, name, file, line);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a whole number.");
    }

    public static int? OptionalInt(JsonElement e, string name, string file, long line)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a whole number.");
    }

    public static long Long(JsonElement e, string name, string file, long line) =>
        OptionalLong(e, name, file, line) ?? throw new ResultsFileFormatException(file, line, $"missing \"{name}\".");

    public static long? OptionalLong(JsonElement e, string name, string file, long line)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a whole number.");
    }

    public static double? OptionalDouble(JsonElement e, string name, string file, long line)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            ? d
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a number.");
    }

    public static double Double(JsonElement e, string name, string file, long line)
    {
        var value = Required(e, name, file, line);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            ? d
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be a number.");
    }

    public static DateTimeOffset Time(JsonElement e, string name, string file, long line) =>
        OptionalTime(e, name, file, line) ?? throw new ResultsFileFormatException(file, line, $"missing \"{name}\".");

    public static DateTimeOffset? OptionalTime(JsonElement e, string name, string file, long line)
    {
        var text = OptionalString(e, name, file, line);
        if (text is null)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ResultsFileFormatException(file, line, $"\"{name}\" must be an ISO 8601 time, not \"{text}\".");
    }
}
