using System.Text.Json;
using Experiments.Points;

namespace Experiments.Schema;

/// <summary>
/// An open results file, read by streaming: the header at once, then the points one by one in file order, each
/// validated, so a file of any size is read in little memory. Reads schema 1 and 2; every problem is a
/// <see cref="ResultsFileFormatException"/> naming the file and the line.
/// </summary>
public sealed class ResultsFileStream : IDisposable
{
    private readonly JsonStreamCursor _cursor;
    private readonly string _file;
    private readonly Dictionary<string, long> _lineOfKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LegacyTiming> _legacyTimings = new(StringComparer.Ordinal);
    private bool _pointsStarted;
    private bool _pointsRead;

    internal ResultsFileStream(Stream stream, string displayName)
    {
        _cursor = new JsonStreamCursor(stream);
        _file = displayName;
        try
        {
            Header = ReadHeader();
        }
        catch
        {
            _cursor.Dispose();
            throw;
        }
    }

    public ResultsFileHeader Header { get; }

    /// <summary>
    /// Schema 1 kept each point's seconds and run on its line; schema 2 keeps them out of the file. Filled while a
    /// schema-1 file's points are read, so the upgrade moves them where they now live instead of losing them.
    /// </summary>
    internal IReadOnlyDictionary<string, LegacyTiming> LegacyTimings => _legacyTimings;

    internal readonly record struct LegacyTiming(double Seconds, string Run, bool Succeeded);

    /// <summary>The points in file order; can be enumerated once.</summary>
    public IEnumerable<ResultsFilePoint> ReadPoints()
    {
        if (_pointsStarted)
            throw new InvalidOperationException("The points of a results file stream can be read once.");
        _pointsStarted = true;
        while (Next() is { } point)
            yield return point;
    }

    /// <summary>
    /// Reads every point line, checking each is a JSON object with a key and a valid status, without building the
    /// points: a quick check that a file of any size can be merged into. Returns how many points it holds.
    /// </summary>
    public long CheckPoints()
    {
        long count = 0;
        foreach (var _ in ReadRawPoints())
            count++;
        return count;
    }

    /// <summary>A point line as written, with what a merge needs to place it; the rest of the line is copied as is.</summary>
    internal sealed record RawPoint(string Key, bool Stale, string Json);

    /// <summary>The points as their JSON texts, checked only for a key and a valid status: a merge copies the lines it keeps.</summary>
    internal IEnumerable<RawPoint> ReadRawPoints()
    {
        if (_pointsStarted)
            throw new InvalidOperationException("The points of a results file stream can be read once.");
        _pointsStarted = true;
        while (NextRaw() is { } point)
            yield return point;
    }

    private RawPoint? NextRaw() => NextPoint((e, line) =>
    {
        ResultsFileFields.RequireObject(e, "point", _file, line);
        ReadStatus(e, line);
        return new RawPoint(
            ResultsFileFields.String(e, "key", _file, line),
            ResultsFileFields.OptionalBool(e, "stale", _file, line) ?? false,
            e.GetRawText());
    });

    private ResultsFilePoint? Next() => NextPoint((e, line) =>
    {
        var point = ReadPoint(e, line);
        if (!_lineOfKey.TryAdd(point.Key, line))
        {
            throw new ResultsFileFormatException(_file, line,
                $"point \"{point.Key}\" appears more than once (lines {_lineOfKey[point.Key]} and {line}); keep one line per key.");
        }
        return point;
    });

    /// <summary>The next point line read by <paramref name="read"/>; null (with the file's end checked) after the last.</summary>
    private T? NextPoint<T>(Func<JsonElement, long, T> read)
        where T : class
    {
        if (_pointsRead)
            return null;
        return Guard(() =>
        {
            using var document = _cursor.ReadValue();
            if (document is null)
            {
                _pointsRead = true;
                ReadEnd();
                return null;
            }
            return read(document.RootElement, _cursor.TokenLine);
        });
    }

    private string ReadStatus(JsonElement e, long line)
    {
        var status = ResultsFileFields.String(e, "status", _file, line);
        if (status is not (ResultsFilePoint.Succeeded or ResultsFilePoint.Failed))
        {
            throw new ResultsFileFormatException(_file, line,
                $"point status \"{status}\" is not valid; valid: \"{ResultsFilePoint.Succeeded}\", \"{ResultsFilePoint.Failed}\".");
        }
        return status;
    }

    private ResultsFileHeader ReadHeader() => Guard(() =>
    {
        if (!_cursor.Read() || _cursor.TokenType != JsonTokenType.StartObject)
            throw new ResultsFileFormatException(_file, 1, "expected a JSON object ('{').");
        int? schema = null;
        string? experiment = null;
        string? gridHash = null;
        IReadOnlyList<ManifestAxis>? axes = null;
        IReadOnlyList<ResultsFileRun> runs = [];
        while (_cursor.Read())
        {
            if (_cursor.TokenType == JsonTokenType.EndObject)
            {
                _pointsStarted = _pointsRead = true; // a file without points
                ReadTrailing();
                break;
            }
            if (_cursor.TokenType != JsonTokenType.PropertyName)
                throw new ResultsFileFormatException(_file, _cursor.TokenLine, "expected a property name or '}'.");
            var name = _cursor.TokenString!;
            var line = _cursor.TokenLine;
            if (name == "points")
            {
                if (schema is null || experiment is null || axes is null)
                {
                    throw new ResultsFileFormatException(_file, line,
                        "\"points\" must come after \"schema\", \"experiment\" and \"axes\" (it is read last, one point at a time).");
                }
                if (!_cursor.Read() || _cursor.TokenType != JsonTokenType.StartArray)
                    throw new ResultsFileFormatException(_file, _cursor.TokenLine, "\"points\" must be an array.");
                break;
            }
            switch (name)
            {
                case "schema":
                    schema = ReadSchema(line);
                    break;
                case "experiment":
                    experiment = ReadString(name, line);
                    break;
                case "gridHash":
                    gridHash = ReadString(name, line);
                    break;
                case "axes":
                    axes = ReadArray(name, ReadAxis);
                    break;
                case "runs":
                    runs = ReadArray(name, ReadRun);
                    break;
                default:
                    _cursor.ReadValue()?.Dispose(); // a field a later minor version added
                    break;
            }
        }
        if (schema is null)
            throw new ResultsFileFormatException(_file, null, "missing \"schema\".");
        if (experiment is null)
            throw new ResultsFileFormatException(_file, null, "missing \"experiment\".");
        return new ResultsFileHeader(schema.Value, experiment, gridHash ?? "", axes ?? [], runs);
    });

    private void ReadEnd()
    {
        if (!_cursor.Read())
            throw new JsonException("The data ends before the closing '}'.");
        if (_cursor.TokenType == JsonTokenType.PropertyName)
            throw new ResultsFileFormatException(_file, _cursor.TokenLine, "\"points\" must be the last field of a results file.");
        if (_cursor.TokenType != JsonTokenType.EndObject)
            throw new ResultsFileFormatException(_file, _cursor.TokenLine, "expected '}' after the points.");
        ReadTrailing();
    }

    private void ReadTrailing()
    {
        if (_cursor.Read()) // anything but white space after the closing brace
            throw new ResultsFileFormatException(_file, _cursor.TokenLine, "unexpected text after the closing '}'.");
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (JsonException e)
        {
            // The reader's own message ends with its zero-based position; ours gives the 1-based line up front.
            var problem = e.Message;
            var at = problem.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at >= 0)
                problem = problem[..at];
            throw new ResultsFileFormatException(_file, (e.LineNumber ?? _cursor.TokenLine - 1) + 1, $"not valid JSON: {problem}", e);
        }
    }

    private int ReadSchema(long line)
    {
        using var value = _cursor.ReadValue();
        if (value is null || value.RootElement.ValueKind != JsonValueKind.Number || !value.RootElement.TryGetInt32(out var schema))
            throw new ResultsFileFormatException(_file, line, "\"schema\" must be a whole number.");
        if (schema is < 1 or > ResultsFile.CurrentSchema)
        {
            throw new ResultsFileFormatException(_file, line,
                $"results schema {schema} is not supported; this version reads schema 1 to {ResultsFile.CurrentSchema}. Use the matching version of the Experiments tool.");
        }
        return schema;
    }

    private string ReadString(string name, long line)
    {
        using var value = _cursor.ReadValue();
        if (value is null)
            throw new ResultsFileFormatException(_file, line, $"\"{name}\" must be a string.");
        return ResultsFileFields.StringValue(value.RootElement, name, _file, line);
    }

    private delegate T ElementReader<out T>(JsonElement element, long line);

    private List<T> ReadArray<T>(string name, ElementReader<T> read)
    {
        if (!_cursor.Read() || _cursor.TokenType != JsonTokenType.StartArray)
            throw new ResultsFileFormatException(_file, _cursor.TokenLine, $"\"{name}\" must be an array.");
        var items = new List<T>();
        while (_cursor.ReadValue() is { } document)
        {
            using (document)
                items.Add(read(document.RootElement, _cursor.TokenLine));
        }
        return items;
    }

    private ManifestAxis ReadAxis(JsonElement e, long line)
    {
        ResultsFileFields.RequireObject(e, "axis", _file, line);
        var name = ResultsFileFields.String(e, "name", _file, line);
        var type = ResultsFileFields.String(e, "type", _file, line);
        var kind = ResultsFileFields.String(e, "kind", _file, line);
        if (!e.TryGetProperty("values", out var values) && e.TryGetProperty("count", out _))
        {
            var form = ReadArithmetic(e, line);
            return new ManifestAxis(name, type, kind, ResultsFileAxes.Values(type, form));
        }
        values = ResultsFileFields.Required(e, "values", _file, line);
        if (values.ValueKind != JsonValueKind.Array)
            throw new ResultsFileFormatException(_file, line, "axis \"values\" must be an array.");
        return new ManifestAxis(name, type, kind, values.Clone().EnumerateArray().ToArray()); // one copy the elements share
    }

    private ResultsFileAxes.Arithmetic ReadArithmetic(JsonElement e, long line)
    {
        decimal Number(string name) =>
            ResultsFileFields.Required(e, name, _file, line) is { ValueKind: JsonValueKind.Number } n && n.TryGetDecimal(out var d)
                ? d
                : throw new ResultsFileFormatException(_file, line, $"axis \"{name}\" must be a number.");
        var count = ResultsFileFields.Int(e, "count", _file, line);
        if (count < 1)
            throw new ResultsFileFormatException(_file, line, $"axis \"count\" must be at least 1, not {count}.");
        return new ResultsFileAxes.Arithmetic(Number("start"), Number("step"), count);
    }

    private ResultsFileRun ReadRun(JsonElement e, long line)
    {
        ResultsFileFields.RequireObject(e, "run", _file, line);
        return new ResultsFileRun(
            ResultsFileFields.String(e, "id", _file, line),
            ResultsFileFields.OptionalString(e, "packageId", _file, line),
            ResultsFileFields.OptionalString(e, "gitCommit", _file, line),
            ResultsFileFields.OptionalBool(e, "gitDirty", _file, line),
            ResultsFileFields.String(e, "backend", _file, line),
            ResultsFileFields.Time(e, "startedAt", _file, line),
            ResultsFileFields.OptionalTime(e, "endedAt", _file, line),
            ResultsFileFields.OptionalString(e, "message", _file, line),
            ResultsFileFields.OptionalString(e, "resumes", _file, line),
            ResultsFileFields.OptionalString(e, "toolVersion", _file, line) ?? "",
            ResultsFileFields.OptionalString(e, "dotnetVersion", _file, line) ?? "",
            ResultsFileFields.OptionalString(e, "os", _file, line) ?? "",
            ReadRecorded(e, line));
    }

    private ResultsFileRunPoints? ReadRecorded(JsonElement run, long line)
    {
        if (!run.TryGetProperty("recorded", out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        ResultsFileFields.RequireObject(e, "run's \"recorded\"", _file, line);
        return new ResultsFileRunPoints(
            ResultsFileFields.Long(e, "points", _file, line),
            ResultsFileFields.OptionalLong(e, "failed", _file, line) ?? 0,
            ResultsFileFields.OptionalDouble(e, "medianSeconds", _file, line),
            ResultsFileFields.OptionalDouble(e, "p90Seconds", _file, line),
            ResultsFileFields.OptionalDouble(e, "maxSeconds", _file, line),
            ResultsFileFields.OptionalDouble(e, "totalSeconds", _file, line) ?? 0);
    }

    private ResultsFilePoint ReadPoint(JsonElement e, long line)
    {
        ResultsFileFields.RequireObject(e, "point", _file, line);
        var key = ResultsFileFields.String(e, "key", _file, line);
        var status = ReadStatus(e, line);
        JsonElement? result = e.TryGetProperty("result", out var r) && r.ValueKind != JsonValueKind.Null ? r.Clone() : null;
        var stale = ResultsFileFields.OptionalBool(e, "stale", _file, line) ?? false;
        var error = ReadError(e, line);
        if (Header.Schema == 1)
        {
            var parameters = ResultsFileFields.Required(e, "parameters", _file, line);
            if (parameters.ValueKind != JsonValueKind.Object)
                throw new ResultsFileFormatException(_file, line, "point \"parameters\" must be an object.");
            var seconds = ResultsFileFields.Double(e, "duration", _file, line);
            var run = ResultsFileFields.String(e, "run", _file, line);
            _legacyTimings[key] = new LegacyTiming(seconds, run, status == ResultsFilePoint.Succeeded);
            return new ResultsFilePoint(key, status, stale, parameters.Clone(),
                ResultsFileFields.Int(e, "seed", _file, line), ResultsFileFields.Int(e, "attempts", _file, line), result, error);
        }
        var attempts = ResultsFileFields.OptionalInt(e, "attempts", _file, line) ?? 1;
        if (attempts < 1)
            throw new ResultsFileFormatException(_file, line, $"point \"attempts\" must be at least 1, not {attempts}.");
        return new ResultsFilePoint(
            key,
            status,
            stale,
            ResultsFileParameters.FromKey(key, Header.Axes),
            ResultsFileFields.OptionalInt(e, "seed", _file, line) ?? Seeds.Derive(Header.Experiment, key),
            attempts,
            result,
            error);
    }

    private ResultsFileError? ReadError(JsonElement point, long line)
    {
        if (!point.TryGetProperty("error", out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        ResultsFileFields.RequireObject(e, "point error", _file, line);
        return new ResultsFileError(
            ResultsFileFields.String(e, "kind", _file, line),
            ResultsFileFields.OptionalString(e, "type", _file, line),
            ResultsFileFields.OptionalString(e, "message", _file, line) ?? "",
            ResultsFileFields.OptionalString(e, "detail", _file, line));
    }

    public void Dispose() => _cursor.Dispose();
}
