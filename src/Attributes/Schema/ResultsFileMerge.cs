namespace Experiments.Schema;

/// <summary>
/// Folds a run's points into a results file. Keys, not indexes, identify points, so this works across grid edits:
/// a re-run point replaces its line, a key the grid no longer has is kept and marked stale (and unmarked if the grid
/// gets it back), and lines stay sorted by key so the diff shows only what changed.
/// </summary>
public static class ResultsFileMerge
{
    /// <param name="existing">The file as it is, or null when there is none yet.</param>
    /// <param name="experiment">The experiment as the current manifest describes it: the header and the grid come from here.</param>
    /// <param name="run">The run that produced <paramref name="points"/>; replaces a run with the same id (a run collected twice).</param>
    /// <param name="points">The run's outcomes; at most one per key.</param>
    public static ResultsFile Merge(
        ResultsFile? existing,
        ManifestExperiment experiment,
        ResultsFileRun run,
        IEnumerable<ResultsFilePoint> points)
    {
        var grid = Manifest.ToDescriptor(experiment);
        var byKey = new Dictionary<string, ResultsFilePoint>(StringComparer.Ordinal);
        foreach (var point in existing?.Points ?? [])
            byKey[point.Key] = point;
        foreach (var point in points)
            byKey[point.Key] = point;

        var merged = byKey.Values
            .Select(p => p with { Stale = grid.TryIndexOf(p.Key) is null })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();

        // A run whose every point was replaced since explains nothing in this file any more; git history keeps it.
        var referenced = merged.Select(p => p.Run).ToHashSet(StringComparer.Ordinal);
        var runs = (existing?.Runs ?? [])
            .Where(r => r.Id != run.Id)
            .Append(run)
            .Where(r => referenced.Contains(r.Id))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToArray();

        return new ResultsFile(ResultsFile.CurrentSchema, experiment.Name, experiment.GridHash, experiment.Axes, runs, merged);
    }
}
