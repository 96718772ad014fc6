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

    // A worker serializes two records per point: one buffer and writer per thread, reset each time, not new ones.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static byte[] Utf8(PointRecord record, bool trailingNewline)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        Write(writer, record);
        writer.Flush();
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

    /// <remarks>
    /// Read token by token, not through a <see cref="JsonDocument"/> of the whole line: the tool reads two records per
    /// point while a sweep runs, so this is on the hot path. Only the result and the error become elements.
    /// </remarks>
    public static PointRecord Parse(ReadOnlySpan<byte> utf8Line)
    {
        var fields = new Fields();
        try
        {
            var reader = new Utf8JsonReader(utf8Line);
            if (!reader.Read())
                throw new FormatException("not JSON (the line is empty)");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = KindOf(reader.TokenType);
                reader.Skip();
                throw new FormatException($"expected a JSON object, found {kind}");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                fields.Take(name, ref reader);
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }
        var status = ParseStatus(fields.RequiredString("status", fields.Status));
        return new PointRecord(
            fields.RequiredString("experiment", fields.Experiment),
            fields.RequiredString("key", fields.Key),
            fields.RequiredNumber("index", fields.Index),
            fields.RequiredInt32("task", fields.Task),
            fields.RequiredInt32("attempt", fields.Attempt),
            status,
            fields.RequiredInt32("seed", fields.Seed),
            ParseTimestamp(fields.RequiredString("startedAt", fields.StartedAt)),
            fields.Duration,
            fields.Result,
            fields.Error is { } error ? ParseError(error) : null);
    }

    /// <summary>The fields of a record line as read, each with the kind it had when that was not the one expected.</summary>
    private sealed class Fields
    {
        private Dictionary<string, string>? _wrongKinds;

        public string? Experiment, Key, Status, StartedAt;
        public long? Index, Task, Attempt, Seed;
        public double? Duration;
        public JsonElement? Result, Error;

        public void Take(ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            switch (name)
            {
                case var n when n.SequenceEqual("experiment"u8): Experiment = String("experiment", ref reader); break;
                case var n when n.SequenceEqual("key"u8): Key = String("key", ref reader); break;
                case var n when n.SequenceEqual("status"u8): Status = String("status", ref reader); break;
                case var n when n.SequenceEqual("startedAt"u8): StartedAt = String("startedAt", ref reader); break;
                case var n when n.SequenceEqual("index"u8): Index = Integer("index", ref reader); break;
                case var n when n.SequenceEqual("task"u8): Task = Integer("task", ref reader); break;
                case var n when n.SequenceEqual("attempt"u8): Attempt = Integer("attempt", ref reader); break;
                case var n when n.SequenceEqual("seed"u8): Seed = Integer("seed", ref reader); break;
                case var n when n.SequenceEqual("duration"u8):
                    Duration = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                    reader.Skip();
                    break;
                case var n when n.SequenceEqual("result"u8):
                    Result = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                    break;
                case var n when n.SequenceEqual("error"u8):
                    Error = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        public string RequiredString(string name, string? value) => value ?? throw Missing(name, "string");

        public long RequiredNumber(string name, long? value) => value ?? throw Missing(name, "number");

        public int RequiredInt32(string name, long? value)
        {
            var number = RequiredNumber(name, value);
            return number is >= int.MinValue and <= int.MaxValue
                ? (int)number
                : throw new InvalidOperationException($"'{name}' is out of range: {number}");
        }

        private FormatException Missing(string name, string expected) =>
            _wrongKinds?.GetValueOrDefault(name) is { } found
                ? new FormatException($"'{name}' must be a {expected}, found {found}")
                : new FormatException($"missing '{name}'");

        private string? String(string name, ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
                return reader.GetString();
            Wrong(name, ref reader);
            return null;
        }

        private long? Integer(string name, ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.TryGetInt64(out var value)
                    ? value
                    : throw new InvalidOperationException($"'{name}' is not an integer that fits: {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}");
            }
            Wrong(name, ref reader);
            return null;
        }

        private void Wrong(string name, ref Utf8JsonReader reader)
        {
            (_wrongKinds ??= [])[name] = KindOf(reader.TokenType);
            reader.Skip();
        }
    }

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => nameof(JsonValueKind.Object),
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        _ => nameof(JsonValueKind.Null),
    };

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
        // The format records are written in first (quick), then any timestamp a person may have written.
        DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact)
            ? exact
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
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

}
