using System.Text;

namespace Experiments.Schema;

/// <summary>
/// Merges a run's points into a results file on disk without loading it: the file's lines are already in grid order,
/// the run's points are sorted the same way, and one pass copies the kept lines and puts the run's lines in their
/// places — a million-point file costs one read and one write, in little memory. Falls back to
/// <see cref="ResultsFileMerge"/> (load everything, sort) when the file is schema 1, was written for another grid (its
/// order and stale marks are the old grid's), or is not in order (edited by hand); that write puts it back in order.
/// The caller holds the file's lock.
/// </summary>
public static class ResultsFileStreamingMerge
{
    /// <summary>What a merge did, for the caller's report and the durations kept beside the file.</summary>
    /// <param name="PointsInFile">The points the file holds now.</param>
    /// <param name="Upgraded">Timings a schema-1 file held on its lines, moved out by this write (empty otherwise).</param>
    public sealed record Outcome(long PointsInFile, IReadOnlyList<ResultsFileDurations.Entry> Upgraded);

    /// <param name="path">The results file; created when missing.</param>
    /// <param name="displayName">How messages name it.</param>
    /// <param name="experiment">The experiment as the current manifest describes it.</param>
    /// <param name="run">The run, with its summary.</param>
    /// <param name="points">The run's outcomes, at most one per key.</param>
    public static Outcome MergeInto(string path, string displayName, ManifestExperiment experiment, ResultsFileRun run, IReadOnlyList<ResultsFilePoint> points)
    {
        var order = new ResultsFileOrder(experiment);
        var incoming = points
            .Select(p => (Position: order.Of(p.Key), Point: p))
            .OrderBy(p => p.Position, order)
            .Select(p => (p.Position, Line: Encoding.UTF8.GetBytes(ResultsFileWriter.FormatPoint(experiment.Name, p.Point with { Stale = p.Position.Index is null }))))
            .ToArray();
        if (!File.Exists(path))
        {
            var header = new ResultsFileHeader(ResultsFile.CurrentSchema, experiment.Name, experiment.GridHash, experiment.Axes, [run]);
            long count = 0;
            ResultsFileWriter.WriteAtomically(path, stream =>
            {
                using var lines = new ResultsFileWriter.PointLines(stream, header);
                foreach (var (_, line) in incoming)
                    lines.Add(line);
                count = lines.Count;
            });
            return new Outcome(count, []);
        }
        if (TryInOrder(path, displayName, experiment, run, order, incoming) is { } merged)
            return new Outcome(merged, []);
        return LoadAndMerge(path, displayName, experiment, run, points);
    }

    private sealed class NotInOrder : Exception;

    private static long? TryInOrder(
        string path, string displayName, ManifestExperiment experiment, ResultsFileRun run, ResultsFileOrder order,
        (ResultsFileOrder.Position Position, byte[] Line)[] incoming)
    {
        using (var probe = ResultsFileReader.Open(path, displayName))
        {
            var h = probe.Header;
            if (h.Schema != ResultsFile.CurrentSchema || h.GridHash != experiment.GridHash || h.Experiment != experiment.Name)
                return null;
        }
        long count = 0;
        try
        {
            ResultsFileWriter.WriteAtomically(path, stream =>
            {
                using var existing = ResultsFileReader.Open(path, displayName);
                var header = new ResultsFileHeader(ResultsFile.CurrentSchema, experiment.Name, experiment.GridHash, experiment.Axes,
                    ResultsFileMerge.MergeRuns(existing.Header.Runs, run));
                using var lines = new ResultsFileWriter.PointLines(stream, header);
                var next = 0;
                ResultsFileOrder.Position? previous = null;
                foreach (var raw in existing.ReadRawPoints())
                {
                    var position = order.Of(raw.Key);
                    if (previous is { } p && order.Compare(p, position) >= 0 || raw.Stale != (position.Index is null))
                        throw new NotInOrder();
                    previous = position;
                    while (next < incoming.Length && order.Compare(incoming[next].Position, position) < 0)
                        lines.Add(incoming[next++].Line);
                    if (next < incoming.Length && order.Compare(incoming[next].Position, position) == 0)
                        lines.Add(incoming[next++].Line); // the run's outcome replaces the line
                    else
                        lines.Add(Encoding.UTF8.GetBytes(raw.Json));
                }
                while (next < incoming.Length)
                    lines.Add(incoming[next++].Line);
                count = lines.Count;
            });
        }
        catch (NotInOrder)
        {
            return null;
        }
        return count;
    }

    private static Outcome LoadAndMerge(string path, string displayName, ManifestExperiment experiment, ResultsFileRun run, IReadOnlyList<ResultsFilePoint> points)
    {
        ResultsFile existing;
        IReadOnlyList<ResultsFileDurations.Entry> upgraded = [];
        using (var stream = ResultsFileReader.Open(path, displayName))
        {
            var read = stream.ReadPoints().ToList();
            var header = stream.Header;
            var runs = header.Runs;
            if (header.Schema == 1)
            {
                runs = ResultsFileReader.WithLegacySummaries(runs, stream.LegacyTimings);
                upgraded = stream.LegacyTimings.Select(t => new ResultsFileDurations.Entry(t.Key, t.Value.Seconds, t.Value.Run)).ToArray();
            }
            existing = new ResultsFile(header.Schema, header.Experiment, header.GridHash, header.Axes, runs, read);
        }
        var merged = ResultsFileMerge.Merge(existing, experiment, run, points);
        ResultsFileWriter.Write(path, merged);
        return new Outcome(merged.Points.Count, upgraded);
    }
}
