using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// How long each point of a results file took, and which run last recorded it: facts that change on every run, so they
/// are kept out of the committed file, in <c>.experiments/durations/</c> of the project (git-ignored, this machine's
/// working state). One JSON line per recorded point, appended by each run; the last line of a key wins. A fresh clone
/// has none: the per-run summaries in the results file's <c>runs</c> list stand in for them.
/// </summary>
public static class ResultsFileDurations
{
    public const string FolderName = "durations";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One point's timing as the durations file keeps it.</summary>
    public readonly record struct Entry(string Key, double Seconds, string Run);

    /// <summary>Seconds by point key, as recorded on this machine; empty when none are known.</summary>
    public static IReadOnlyDictionary<string, double> Read(string resultsFilePath) =>
        ReadEntries(resultsFilePath).ToDictionary(e => e.Key, e => e.Value.Seconds, StringComparer.Ordinal);

    /// <summary>The latest entry of each key, as recorded on this machine (which run last touched a point, too).</summary>
    public static IReadOnlyDictionary<string, Entry> ReadEntries(string resultsFilePath)
    {
        var path = PathFor(resultsFilePath);
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return entries;
        foreach (var line in File.ReadLines(path))
        {
            if (TryParse(line) is { } entry)
                entries[entry.Key] = entry;
        }
        return entries;
    }

    /// <summary>Adds a run's timings; compacts the file to one line per key once it holds mostly superseded lines.</summary>
    /// <param name="pointsInResultsFile">How many points the results file holds: compaction keeps the file near that many lines.</param>
    public static void Append(string resultsFilePath, IEnumerable<Entry> entries, long pointsInResultsFile)
    {
        var path = PathFor(resultsFilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        EnsureIgnored(path);
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16))
        {
            foreach (var entry in entries)
            {
                stream.Write(Format(entry));
                stream.WriteByte((byte)'\n');
            }
        }
        // Roughly 60 bytes a line: past four lines per point, one line per key is worth the rewrite.
        if (new FileInfo(path).Length > Math.Max(1 << 20, pointsInResultsFile * 60 * 4))
            CompactFile(path);
    }

    /// <summary>Forgets the durations of a results file (it is being made anew).</summary>
    public static void Clear(string resultsFilePath)
    {
        var path = PathFor(resultsFilePath);
        if (File.Exists(path))
            File.Delete(path);
    }

    /// <summary>
    /// The durations file of a results file: in the <c>.experiments</c> folder of the project that holds it (the nearest
    /// folder up with a project file or an <c>.experiments</c> folder), mirroring the results file's place in it.
    /// </summary>
    public static string PathFor(string resultsFilePath)
    {
        var full = Path.GetFullPath(resultsFilePath);
        var start = Path.GetDirectoryName(full)!;
        var project = start;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (!directory.Exists)
                continue; // the results file's folder may not be made yet
            if (Directory.Exists(Path.Combine(directory.FullName, ".experiments")) || directory.EnumerateFiles("*.csproj").Any())
            {
                project = directory.FullName;
                break;
            }
        }
        var relative = Path.GetRelativePath(project, full);
        var name = relative.EndsWith(ResultsFile.Suffix, StringComparison.Ordinal) ? relative[..^ResultsFile.Suffix.Length] : relative;
        return Path.Combine(project, ".experiments", FolderName, name + ".durations.jsonl");
    }

    private static void CompactFile(string path)
    {
        var latest = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (TryParse(line) is { } entry)
                latest[entry.Key] = entry;
        }
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var entry in latest.Values)
            {
                stream.Write(Format(entry));
                stream.WriteByte((byte)'\n');
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    // The journal's folder ignores itself; a durations file made before any run (by an upgrade) must be ignored too.
    private static void EnsureIgnored(string path)
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(path)!); directory is not null; directory = directory.Parent)
        {
            if (directory.Name != ".experiments")
                continue;
            var ignore = Path.Combine(directory.FullName, ".gitignore");
            if (!File.Exists(ignore))
                File.WriteAllText(ignore, "# Written by dotnet experiment: run journals are local working state.\n*\n");
            return;
        }
    }

    private static byte[] Format(Entry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            writer.WriteString("key", entry.Key);
            writer.WriteNumber("seconds", Math.Round(entry.Seconds, 6));
            writer.WriteString("run", entry.Run);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static Entry? TryParse(string line)
    {
        if (line.Length == 0)
            return null;
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(line));
            var e = document.RootElement;
            return new Entry(e.GetProperty("key").GetString()!, e.GetProperty("seconds").GetDouble(), e.GetProperty("run").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // a line cut by a crash: that one point's duration is unknown, nothing more
        }
    }
}
