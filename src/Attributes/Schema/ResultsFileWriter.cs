using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Experiments.Points;

namespace Experiments.Schema;

/// <summary>
/// Writes a results file (schema 2) for people and git: the header pretty-printed, each axis, each run's summary and
/// each point on exactly one line, '\n' line endings, and written to a temporary file in the same folder and renamed,
/// so a reader (or a killed tool) never sees half a file. A point line holds only the outcome: the key, the status,
/// then the seed only when it is not the derived one, the attempts only when more than one, the result or the error.
/// </summary>
public static class ResultsFileWriter
{
    // Relaxed escaping keeps '+', '<', quotes-in-names and non-ASCII readable; the file is never embedded in HTML.
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Pretty = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
    };

    // Point lines are indented by two spaces, not four: at a million points every byte of a line is a megabyte.
    private static readonly byte[] FirstPointPrefix = "\n  "u8.ToArray();
    private static readonly byte[] NextPointPrefix = ",\n  "u8.ToArray();

    /// <summary>Replaces <paramref name="path"/> with <paramref name="file"/> atomically (same-folder temp file + rename).</summary>
    public static void Write(string path, ResultsFile file) =>
        WriteAtomically(path, stream =>
        {
            using var points = new PointLines(stream, file.Header);
            foreach (var point in file.Points)
                points.Add(FormatPoint(file.Experiment, point));
        });

    /// <summary>Writes through a temporary file in the same folder, flushed to disk, then renamed over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                // On disk before the rename, or a crash could leave a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The exact text <see cref="Write"/> puts in the file.</summary>
    public static string Format(ResultsFile file)
    {
        using var memory = new MemoryStream();
        using (var points = new PointLines(memory, file.Header))
        {
            foreach (var point in file.Points)
                points.Add(FormatPoint(file.Experiment, point));
        }
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    /// <summary>
    /// Writes a file's header, then point lines as they come, then the end: a file of any size is written in constant
    /// memory. Dispose ends the file.
    /// </summary>
    public sealed class PointLines : IDisposable
    {
        private readonly Stream _stream;
        private bool _first = true;
        private bool _ended;

        public PointLines(Stream stream, ResultsFileHeader header)
        {
            _stream = stream;
            _stream.Write(Encoding.UTF8.GetBytes(FormatHeader(header)));
            _stream.Write("  \"points\": ["u8);
        }

        public long Count { get; private set; }

        /// <summary>Adds one point line (UTF-8 JSON text of one object, without indentation or comma).</summary>
        public void Add(ReadOnlySpan<byte> line)
        {
            _stream.Write(_first ? FirstPointPrefix : NextPointPrefix);
            _stream.Write(line);
            _first = false;
            Count++;
        }

        public void Add(string line) => Add(Encoding.UTF8.GetBytes(line));

        public void Dispose()
        {
            if (_ended)
                return;
            _ended = true;
            _stream.Write(_first ? "]\n}\n"u8 : "\n  ]\n}\n"u8);
        }
    }

    /// <summary>Everything before the points: schema, experiment, grid hash, one line per axis, the runs.</summary>
    public static string FormatHeader(ResultsFileHeader header)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"schema\": ").Append(ResultsFile.CurrentSchema.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        sb.Append("  \"experiment\": ").Append(Json(w => w.WriteStringValue(header.Experiment))).Append(",\n");
        sb.Append("  \"gridHash\": ").Append(Json(w => w.WriteStringValue(header.GridHash))).Append(",\n");
        sb.Append("  \"axes\": [");
        for (var i = 0; i < header.Axes.Count; i++)
        {
            var axis = header.Axes[i];
            sb.Append(i == 0 ? "\n    " : ",\n    ").Append(Json(w => WriteAxis(w, axis)));
        }
        sb.Append(header.Axes.Count == 0 ? "],\n" : "\n  ],\n");
        AppendRuns(sb, header.Runs);
        sb.Append(",\n");
        return sb.ToString();
    }

    /// <summary>One point as its line in the file (without indentation or the separating comma).</summary>
    /// <param name="experiment">The experiment's name: a seed equal to the one derived from it and the key is not written.</param>
    public static string FormatPoint(string experiment, ResultsFilePoint point) => Json(w => WritePoint(w, experiment, point));

    /// <summary>The text a timestamp is written with: UTC, millisecond precision, 'Z'.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void AppendRuns(StringBuilder sb, IReadOnlyList<ResultsFileRun> runs)
    {
        sb.Append("  \"runs\": [");
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var text = Json(w => WriteRun(w, run), Pretty);
            if (run.Recorded is { } recorded)
            {
                // One line for the summary, so a run entry stays a handful of lines.
                text = text[..text.LastIndexOf('\n')] + ",\n  \"recorded\": " + Json(w => WriteRecorded(w, recorded)) + "\n}";
            }
            sb.Append(i == 0 ? "\n    " : ",\n    ").Append(text.Replace("\n", "\n    ", StringComparison.Ordinal));
        }
        sb.Append(runs.Count == 0 ? "]" : "\n  ]");
    }

    private static void WriteAxis(Utf8JsonWriter w, ManifestAxis axis) => ManifestAxisConverter.WriteAxis(w, axis);

    private static void WriteRun(Utf8JsonWriter w, ResultsFileRun run)
    {
        w.WriteStartObject();
        w.WriteString("id", run.Id);
        WriteIfPresent(w, "packageId", run.PackageId);
        WriteIfPresent(w, "gitCommit", run.GitCommit);
        if (run.GitDirty is { } dirty)
            w.WriteBoolean("gitDirty", dirty);
        w.WriteString("backend", run.Backend);
        w.WriteString("startedAt", FormatTime(run.StartedAt));
        if (run.EndedAt is { } ended)
            w.WriteString("endedAt", FormatTime(ended));
        WriteIfPresent(w, "message", run.Message);
        WriteIfPresent(w, "resumes", run.Resumes);
        w.WriteString("toolVersion", run.ToolVersion);
        w.WriteString("dotnetVersion", run.DotnetVersion);
        w.WriteString("os", run.Os);
        w.WriteEndObject();
    }

    private static void WriteRecorded(Utf8JsonWriter w, ResultsFileRunPoints recorded)
    {
        w.WriteStartObject();
        w.WriteNumber("points", recorded.Points);
        w.WriteNumber("failed", recorded.Failed);
        WriteSeconds(w, "medianSeconds", recorded.MedianSeconds);
        WriteSeconds(w, "p90Seconds", recorded.P90Seconds);
        WriteSeconds(w, "maxSeconds", recorded.MaxSeconds);
        WriteSeconds(w, "totalSeconds", recorded.TotalSeconds);
        w.WriteEndObject();
    }

    // Fixed notation, as people read it ("0.000055", not "5.5E-05"); microseconds are the finest a timing means here.
    private static void WriteSeconds(Utf8JsonWriter w, string name, double? seconds)
    {
        if (seconds is not { } s)
            return;
        w.WritePropertyName(name);
        w.WriteRawValue(Math.Round(s, 6).ToString("0.######", CultureInfo.InvariantCulture));
    }

    private static void WritePoint(Utf8JsonWriter w, string experiment, ResultsFilePoint point)
    {
        w.WriteStartObject();
        w.WriteString("key", point.Key);
        w.WriteString("status", point.Status);
        if (point.Stale)
            w.WriteBoolean("stale", true);
        if (point.Seed != Seeds.Derive(experiment, point.Key))
            w.WriteNumber("seed", point.Seed);
        if (point.Attempts > 1)
            w.WriteNumber("attempts", point.Attempts);
        if (point.Result is { } result)
        {
            w.WritePropertyName("result");
            result.WriteTo(w);
        }
        if (point.Error is { } error)
        {
            w.WriteStartObject("error");
            w.WriteString("kind", error.Kind);
            WriteIfPresent(w, "type", error.Type);
            w.WriteString("message", error.Message);
            WriteIfPresent(w, "detail", error.Detail);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    private static string Json(Action<Utf8JsonWriter> write) => Json(write, Compact);

    private static string Json(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
