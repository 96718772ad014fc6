using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// The JSON-lines form of <see cref="PointRecord"/>: one object per line, every field always present (null when empty)
/// so lines have one shape. Written by hand with <see cref="Utf8JsonWriter"/> so the experiment's result JSON is copied
/// through unchanged.
/// </summary>
public static class PointRecordJson
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keys and messages are user text; the relaxed encoder keeps them readable ("delta=0.5", not "delta\u003D0.5").
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The record as one line of JSON, without the trailing newline.</summary>
    public static string Serialize(PointRecord record) => Encoding.UTF8.GetString(SerializeToUtf8(record));

    /// <summary>The record as UTF-8 JSON followed by a newline: exactly what a store appends.</summary>
    public static byte[] SerializeLine(PointRecord record) => Utf8(record, trailingNewline: true);

    public static byte[] SerializeToUtf8(PointRecord record) => Utf8(record, trailingNewline: false);

    private static byte[] Utf8(PointRecord record, bool trailingNewline)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, record);
        if (trailingNewline)
            buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, PointRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("experiment", record.Experiment);
        writer.WriteString("key", record.Key);
        writer.WriteNumber("index", record.Index);
        writer.WriteNumber("task", record.Task);
        writer.WriteNumber("attempt", record.Attempt);
        writer.WriteString("status", StatusText(record.Status));
        writer.WriteNumber("seed", record.Seed);
        writer.WriteString("startedAt", record.StartedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        if (record.Duration is { } duration)
            writer.WriteNumber("duration", Math.Round(duration, 6));
        else
            writer.WriteNull("duration");
        writer.WritePropertyName("result");
        if (record.Result is { } result)
            result.WriteTo(writer);
        else
            writer.WriteNullValue();
        writer.WritePropertyName("error");
        if (record.Error is { } error)
            WriteError(writer, error);
        else
            writer.WriteNullValue();
        writer.WriteEndObject();
    }

    /// <summary>Reads one line; throws <see cref="FormatException"/> naming what is wrong when it is not a record.</summary>
    public static PointRecord Parse(string line) => Parse(Encoding.UTF8.GetBytes(line));

    public static PointRecord Parse(ReadOnlySpan<byte> utf8Line)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Line);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException($"expected a JSON object, found {root.ValueKind}");
            var status = ParseStatus(RequiredString(root, "status"));
            return new PointRecord(
                RequiredString(root, "experiment"),
                RequiredString(root, "key"),
                Required(root, "index", JsonValueKind.Number).GetInt64(),
                Required(root, "task", JsonValueKind.Number).GetInt32(),
                Required(root, "attempt", JsonValueKind.Number).GetInt32(),
                status,
                Required(root, "seed", JsonValueKind.Number).GetInt32(),
                ParseTimestamp(RequiredString(root, "startedAt")),
                OptionalNumber(root, "duration"),
                root.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null ? result.Clone() : null,
                root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null ? ParseError(error) : null);
        }
    }

    /// <summary>Reads one line, or returns null with the reason when it is not a record.</summary>
    public static PointRecord? TryParse(ReadOnlySpan<byte> utf8Line, out string? problem)
    {
        try
        {
            problem = null;
            return Parse(utf8Line);
        }
        catch (FormatException e)
        {
            problem = e.Message;
            return null;
        }
        catch (InvalidOperationException e) // a number that does not fit, e.g. "task": 1e99
        {
            problem = e.Message;
            return null;
        }
    }

    public static string StatusText(PointStatus status) => status switch
    {
        PointStatus.Started => "started",
        PointStatus.Succeeded => "succeeded",
        PointStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string KindText(ErrorKind kind) => kind switch
    {
        ErrorKind.Exception => "exception",
        ErrorKind.Timeout => "timeout",
        ErrorKind.Crash => "crash",
        ErrorKind.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void WriteError(Utf8JsonWriter writer, PointError error)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", KindText(error.Kind));
        writer.WriteString("type", error.Type);
        writer.WriteString("message", error.Message);
        writer.WriteString("detail", error.Detail);
        if (error.ExitCode is { } exitCode)
            writer.WriteNumber("exitCode", exitCode);
        writer.WriteEndObject();
    }

    private static PointError ParseError(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
            throw new FormatException($"'error' must be an object or null, found {error.ValueKind}");
        return new PointError(
            ParseKind(RequiredString(error, "kind")),
            OptionalString(error, "type"),
            RequiredString(error, "message"),
            OptionalString(error, "detail"),
            error.TryGetProperty("exitCode", out var exitCode) && exitCode.ValueKind == JsonValueKind.Number ? exitCode.GetInt32() : null);
    }

    private static PointStatus ParseStatus(string text) => text switch
    {
        "started" => PointStatus.Started,
        "succeeded" => PointStatus.Succeeded,
        "failed" => PointStatus.Failed,
        _ => throw new FormatException($"unknown status '{text}' (valid: started, succeeded, failed)"),
    };

    private static ErrorKind ParseKind(string text) => text switch
    {
        "exception" => ErrorKind.Exception,
        "timeout" => ErrorKind.Timeout,
        "crash" => ErrorKind.Crash,
        "cancelled" => ErrorKind.Cancelled,
        _ => throw new FormatException($"unknown error kind '{text}' (valid: exception, timeout, crash, cancelled)"),
    };

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"'startedAt' is not a timestamp: '{text}'");

    private static JsonElement Required(JsonElement obj, string name, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var value))
            throw new FormatException($"missing '{name}'");
        if (value.ValueKind != kind)
            throw new FormatException($"'{name}' must be a {kind.ToString().ToLowerInvariant()}, found {value.ValueKind}");
        return value;
    }

    private static string RequiredString(JsonElement obj, string name) => Required(obj, name, JsonValueKind.String).GetString()!;

    private static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? OptionalNumber(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
