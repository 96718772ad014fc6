namespace Experiments.Schema;

/// <summary>
/// Folds a run's points into a results file. Keys, not indexes, identify points, so this works across grid edits:
/// a re-run point replaces its line, a key the grid no longer has is kept and marked stale (and unmarked if the grid
/// gets it back), and lines stay in grid order (<see cref="ResultsFileOrder"/>) so the diff shows only what changed.
/// The run is added to the <c>runs</c> list, which keeps every run that recorded into the file (ids sort by time).
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
        var order = new ResultsFileOrder(experiment);
        var byKey = new Dictionary<string, ResultsFilePoint>(StringComparer.Ordinal);
        foreach (var point in existing?.Points ?? [])
            byKey[point.Key] = point;
        foreach (var point in points)
            byKey[point.Key] = point;

        var merged = byKey.Values
            .Select(p => (Point: p, Position: order.Of(p.Key)))
            .OrderBy(p => p.Position, order)
            .Select(p => p.Point with { Stale = p.Position.Index is null })
            .ToArray();
        return new ResultsFile(ResultsFile.CurrentSchema, experiment.Name, experiment.GridHash, experiment.Axes, MergeRuns(existing?.Runs ?? [], run), merged);
    }

    /// <summary>
    /// The runs list with <paramref name="run"/> added (replacing an entry with its id), in start order: by start time,
    /// then id (ids tell the second a run began, so two short runs of one second would otherwise sort by chance).
    /// </summary>
    public static IReadOnlyList<ResultsFileRun> MergeRuns(IEnumerable<ResultsFileRun> runs, ResultsFileRun run) =>
        runs.Where(r => r.Id != run.Id).Append(run).OrderBy(r => r.StartedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
}
