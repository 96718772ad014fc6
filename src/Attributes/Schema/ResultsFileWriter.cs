using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// Writes a results file for people and git: the header pretty-printed, each axis and each point on exactly one line,
/// '\n' line endings, and written to a temporary file in the same folder and renamed, so a reader (or a killed tool)
/// never sees half a file.
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

    /// <summary>Replaces <paramref name="path"/> with <paramref name="file"/> atomically (same-folder temp file + rename).</summary>
    public static void Write(string path, ResultsFile file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(Format(file)));
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
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"schema\": ").Append(file.Schema.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        sb.Append("  \"experiment\": ").Append(Json(w => w.WriteStringValue(file.Experiment))).Append(",\n");
        sb.Append("  \"gridHash\": ").Append(Json(w => w.WriteStringValue(file.GridHash))).Append(",\n");
        AppendLines(sb, "axes", file.Axes.Select(a => Json(w => WriteAxis(w, a))));
        sb.Append(",\n");
        AppendRuns(sb, file.Runs);
        sb.Append(",\n");
        AppendLines(sb, "points", file.Points.Select(p => Json(w => WritePoint(w, p))));
        sb.Append("\n}\n");
        return sb.ToString();
    }

    /// <summary>One point as its line in the file (without indentation or the separating comma).</summary>
    public static string FormatPoint(ResultsFilePoint point) => Json(w => WritePoint(w, point));

    /// <summary>The text a timestamp is written with: UTC, millisecond precision, 'Z'.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void AppendLines(StringBuilder sb, string name, IEnumerable<string> lines)
    {
        sb.Append("  \"").Append(name).Append("\": [");
        var first = true;
        foreach (var line in lines)
        {
            sb.Append(first ? "\n    " : ",\n    ").Append(line);
            first = false;
        }
        sb.Append(first ? "]" : "\n  ]");
    }

    private static void AppendRuns(StringBuilder sb, IReadOnlyList<ResultsFileRun> runs)
    {
        sb.Append("  \"runs\": [");
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var text = Json(w => WriteRun(w, run), Pretty);
            sb.Append(i == 0 ? "\n    " : ",\n    ").Append(text.Replace("\n", "\n    ", StringComparison.Ordinal));
        }
        sb.Append(runs.Count == 0 ? "]" : "\n  ]");
    }

    private static void WriteAxis(Utf8JsonWriter w, ManifestAxis axis)
    {
        w.WriteStartObject();
        w.WriteString("name", axis.Name);
        w.WriteString("type", axis.Type);
        w.WriteString("kind", axis.Kind);
        w.WriteStartArray("values");
        foreach (var value in axis.Values)
            value.WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
    }

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

    private static void WritePoint(Utf8JsonWriter w, ResultsFilePoint point)
    {
        w.WriteStartObject();
        w.WriteString("key", point.Key);
        w.WriteString("status", point.Status);
        if (point.Stale)
            w.WriteBoolean("stale", true);
        w.WritePropertyName("parameters");
        point.Parameters.WriteTo(w);
        w.WriteNumber("seed", point.Seed);
        w.WriteNumber("attempts", point.Attempts);
        // Microseconds are the finest a timing means here; more digits are noise in every diff. Fixed notation, as
        // people read it ("0.000055", not "5.5E-05").
        w.WritePropertyName("duration");
        w.WriteRawValue(Math.Round(point.Duration, 6).ToString("0.######", CultureInfo.InvariantCulture));
        w.WriteString("run", point.Run);
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
