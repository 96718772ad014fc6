using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// Reads a results file. Every problem — invalid JSON (a merge conflict), a missing or mistyped field, a duplicated
/// key, another schema version — is a <see cref="ResultsFileFormatException"/> naming the file and the line.
/// </summary>
public static class ResultsFileReader
{
    // The writer's escaping, so a key's text can be found in the file as written.
    private static readonly JsonSerializerOptions RelaxedStrings = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads <paramref name="path"/>, or returns null when it does not exist.</summary>
    /// <param name="displayName">How messages name the file (a path relative to the project keeps them short).</param>
    public static ResultsFile? ReadIfExists(string path, string? displayName = null) =>
        File.Exists(path) ? Parse(File.ReadAllBytes(path), displayName ?? path) : null;

    public static ResultsFile Parse(string text, string displayName) => Parse(Encoding.UTF8.GetBytes(text), displayName);

    public static ResultsFile Parse(byte[] utf8, string displayName)
    {
        var lines = new LineIndex(utf8);
        try
        {
            return ParseDocument(utf8, lines, displayName);
        }
        catch (JsonException e)
        {
            // The reader's own message ends with its zero-based position; ours gives the 1-based line up front.
            var problem = e.Message;
            var at = problem.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at >= 0)
                problem = problem[..at];
            throw new ResultsFileFormatException(displayName, e.LineNumber + 1, $"not valid JSON: {problem}", e);
        }
    }

    private static ResultsFile ParseDocument(byte[] utf8, LineIndex lines, string file)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ResultsFileFormatException(file, 1, "expected a JSON object ('{').");

        int? schema = null;
        string? experiment = null;
        string? gridHash = null;
        IReadOnlyList<ManifestAxis> axes = [];
        IReadOnlyList<ResultsFileRun> runs = [];
        IReadOnlyList<ResultsFilePoint> points = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var line = lines.LineOf(reader.TokenStartIndex);
            reader.Read();
            switch (name)
            {
                case "schema":
                    schema = ReadSchema(ref reader, file, line);
                    break;
                case "experiment":
                    experiment = ResultsFileFields.StringValue(ParseValue(ref reader), name, file, line);
                    break;
                case "gridHash":
                    gridHash = ResultsFileFields.StringValue(ParseValue(ref reader), name, file, line);
                    break;
                case "axes":
                    axes = ReadArray(ref reader, lines, file, name, ReadAxis);
                    break;
                case "runs":
                    runs = ReadArray(ref reader, lines, file, name, ReadRun);
                    break;
                case "points":
                    points = ReadArray(ref reader, lines, file, name, ReadPoint);
                    CheckUniqueKeys(points, utf8, lines, file);
                    break;
                default:
                    reader.Skip(); // a field a later minor version added
                    break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new ResultsFileFormatException(file, lines.LineOf(reader.TokenStartIndex), "expected a property name or '}'.");
        reader.Read(); // throws on anything but white space after the closing brace
        if (schema is null)
            throw new ResultsFileFormatException(file, null, "missing \"schema\".");
        if (experiment is null)
            throw new ResultsFileFormatException(file, null, "missing \"experiment\".");
        return new ResultsFile(schema.Value, experiment, gridHash ?? "", axes, runs, points);
    }

    private static int ReadSchema(ref Utf8JsonReader reader, string file, long line)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var schema))
            throw new ResultsFileFormatException(file, line, "\"schema\" must be a whole number.");
        if (schema != ResultsFile.CurrentSchema)
        {
            throw new ResultsFileFormatException(file, line,
                $"results schema {schema} is not supported; this version reads schema {ResultsFile.CurrentSchema}. Use the matching version of the Experiments tool.");
        }
        return schema;
    }

    private delegate T ElementReader<out T>(JsonElement element, string file, long line);

    private static IReadOnlyList<T> ReadArray<T>(ref Utf8JsonReader reader, LineIndex lines, string file, string name, ElementReader<T> read)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new ResultsFileFormatException(file, lines.LineOf(reader.TokenStartIndex), $"\"{name}\" must be an array.");
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = lines.LineOf(reader.TokenStartIndex);
            items.Add(read(ParseValue(ref reader), file, line));
        }
        return items;
    }

    private static JsonElement ParseValue(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    private static ManifestAxis ReadAxis(JsonElement e, string file, long line)
    {
        ResultsFileFields.RequireObject(e, "axis", file, line);
        var values = ResultsFileFields.Required(e, "values", file, line);
        if (values.ValueKind != JsonValueKind.Array)
            throw new ResultsFileFormatException(file, line, "axis \"values\" must be an array.");
        return new ManifestAxis(
            ResultsFileFields.String(e, "name", file, line),
            ResultsFileFields.String(e, "type", file, line),
            ResultsFileFields.String(e, "kind", file, line),
            values.EnumerateArray().Select(v => v.Clone()).ToArray());
    }

    private static ResultsFileRun ReadRun(JsonElement e, string file, long line)
    {
        ResultsFileFields.RequireObject(e, "run", file, line);
        return new ResultsFileRun(
            ResultsFileFields.String(e, "id", file, line),
            ResultsFileFields.OptionalString(e, "packageId", file, line),
            ResultsFileFields.OptionalString(e, "gitCommit", file, line),
            ResultsFileFields.OptionalBool(e, "gitDirty", file, line),
            ResultsFileFields.String(e, "backend", file, line),
            ResultsFileFields.Time(e, "startedAt", file, line),
            ResultsFileFields.OptionalTime(e, "endedAt", file, line),
            ResultsFileFields.OptionalString(e, "message", file, line),
            ResultsFileFields.OptionalString(e, "resumes", file, line),
            ResultsFileFields.OptionalString(e, "toolVersion", file, line) ?? "",
            ResultsFileFields.OptionalString(e, "dotnetVersion", file, line) ?? "",
            ResultsFileFields.OptionalString(e, "os", file, line) ?? "");
    }

    private static ResultsFilePoint ReadPoint(JsonElement e, string file, long line)
    {
        ResultsFileFields.RequireObject(e, "point", file, line);
        var status = ResultsFileFields.String(e, "status", file, line);
        if (status is not (ResultsFilePoint.Succeeded or ResultsFilePoint.Failed))
        {
            throw new ResultsFileFormatException(file, line,
                $"point status \"{status}\" is not valid; valid: \"{ResultsFilePoint.Succeeded}\", \"{ResultsFilePoint.Failed}\".");
        }
        var parameters = ResultsFileFields.Required(e, "parameters", file, line);
        if (parameters.ValueKind != JsonValueKind.Object)
            throw new ResultsFileFormatException(file, line, "point \"parameters\" must be an object.");
        JsonElement? result = e.TryGetProperty("result", out var r) && r.ValueKind != JsonValueKind.Null ? r.Clone() : null;
        return new ResultsFilePoint(
            ResultsFileFields.String(e, "key", file, line),
            status,
            ResultsFileFields.OptionalBool(e, "stale", file, line) ?? false,
            parameters.Clone(),
            ResultsFileFields.Int(e, "seed", file, line),
            ResultsFileFields.Int(e, "attempts", file, line),
            ResultsFileFields.Double(e, "duration", file, line),
            ResultsFileFields.String(e, "run", file, line),
            result,
            ReadError(e, file, line));
    }

    private static ResultsFileError? ReadError(JsonElement point, string file, long line)
    {
        if (!point.TryGetProperty("error", out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        ResultsFileFields.RequireObject(e, "point error", file, line);
        return new ResultsFileError(
            ResultsFileFields.String(e, "kind", file, line),
            ResultsFileFields.OptionalString(e, "type", file, line),
            ResultsFileFields.OptionalString(e, "message", file, line) ?? "",
            ResultsFileFields.OptionalString(e, "detail", file, line));
    }

    // Runs after the array was read; re-scans only to name both lines, which a person resolving a bad merge needs.
    private static void CheckUniqueKeys(IReadOnlyList<ResultsFilePoint> points, byte[] utf8, LineIndex lines, string file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (seen.Add(point.Key))
                continue;
            var where = lines.LinesContaining(utf8, JsonSerializer.Serialize(point.Key, RelaxedStrings));
            var lineList = string.Join(" and ", where.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            throw new ResultsFileFormatException(file, where.Count > 1 ? where[^1] : null,
                $"point \"{point.Key}\" appears more than once{(lineList.Length > 0 ? $" (lines {lineList})" : "")}; keep one line per key.");
        }
    }

    /// <summary>Maps byte offsets to 1-based line numbers.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _lineStarts = [0];

        public LineIndex(byte[] utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                    _lineStarts.Add(i + 1);
            }
        }

        public long LineOf(long offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        public IReadOnlyList<long> LinesContaining(byte[] utf8, string jsonString)
        {
            var needle = Encoding.UTF8.GetBytes("\"key\":" + jsonString);
            var found = new List<long>();
            var span = utf8.AsSpan();
            var start = 0;
            while (start < span.Length)
            {
                var at = span[start..].IndexOf(needle);
                if (at < 0)
                    break;
                found.Add(LineOf(start + at));
                start += at + needle.Length;
            }
            return found;
        }
    }
}
