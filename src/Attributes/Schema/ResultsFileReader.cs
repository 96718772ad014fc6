using System.Text;

namespace Experiments.Schema;

/// <summary>
/// Reads a results file, schema 1 or 2. Every problem — invalid JSON (a merge conflict), a missing or mistyped field, a
/// duplicated key, a schema newer than this version reads — is a <see cref="ResultsFileFormatException"/> naming the
/// file and the line. <see cref="Open"/> streams (any size); <see cref="ReadIfExists"/> and <see cref="Parse(string, string)"/>
/// load every point, which is fine for the files people read by hand.
/// </summary>
public static class ResultsFileReader
{
    /// <summary>Opens <paramref name="path"/> and reads its header; the points are read as they are enumerated.</summary>
    /// <param name="displayName">How messages name the file (a path relative to the project keeps them short).</param>
    public static ResultsFileStream Open(string path, string? displayName = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return new ResultsFileStream(stream, displayName ?? path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads <paramref name="path"/>, or returns null when it does not exist.</summary>
    /// <param name="displayName">How messages name the file (a path relative to the project keeps them short).</param>
    public static ResultsFile? ReadIfExists(string path, string? displayName = null)
    {
        if (!File.Exists(path))
            return null;
        using var stream = Open(path, displayName);
        return ReadAll(stream);
    }

    public static ResultsFile Parse(string text, string displayName) => Parse(Encoding.UTF8.GetBytes(text), displayName);

    public static ResultsFile Parse(byte[] utf8, string displayName)
    {
        using var stream = new ResultsFileStream(new MemoryStream(utf8, writable: false), displayName);
        return ReadAll(stream);
    }

    private static ResultsFile ReadAll(ResultsFileStream stream)
    {
        var points = stream.ReadPoints().ToList();
        var header = stream.Header;
        var runs = header.Schema == 1 ? WithLegacySummaries(header.Runs, stream.LegacyTimings) : header.Runs;
        return new ResultsFile(header.Schema, header.Experiment, header.GridHash, header.Axes, runs, points);
    }

    /// <summary>
    /// A schema-1 file's runs with the summary schema 2 keeps for each, made from the durations its point lines carried,
    /// so the upgrade keeps what planning needs.
    /// </summary>
    internal static IReadOnlyList<ResultsFileRun> WithLegacySummaries(
        IReadOnlyList<ResultsFileRun> runs, IReadOnlyDictionary<string, ResultsFileStream.LegacyTiming> timings)
    {
        var byRun = timings.Values.GroupBy(t => t.Run, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return runs.Select(run => run.Recorded is null && byRun.TryGetValue(run.Id, out var points)
            ? run with
            {
                Recorded = ResultsFileRunPoints.From(points.Where(p => p.Succeeded).Select(p => p.Seconds), points.LongCount(p => !p.Succeeded)),
            }
            : run).ToArray();
    }
}
