namespace Experiments.Tool.Cleaning;

/// <summary>
/// What goes from a Slurm shared directory: the cluster copy of every journal run being removed, and packages older than
/// the cutoff that no remaining run needs (neither a run left on the cluster, whose scripts name its package, nor a run
/// left in the journal). Runs this project's journal does not know (another project's, another machine's) stay.
/// </summary>
public static class SlurmSharedSelection
{
    public static (IReadOnlyList<SlurmSharedEntry> Remove, int ForeignRuns) Select(
        IReadOnlyList<SlurmSharedEntry> entries, IReadOnlySet<string> removedRuns, IReadOnlySet<string> journalRuns,
        IReadOnlySet<string> packagesOfKeptRuns, CleanRequest request, DateTimeOffset now)
    {
        var runs = entries.Where(e => e.IsRun).ToArray();
        var removeRuns = runs.Where(r => removedRuns.Contains(r.Name)).ToArray();
        var needed = runs.Except(removeRuns).SelectMany(r => r.Packages).Concat(packagesOfKeptRuns).ToHashSet(StringComparer.Ordinal);
        var removePackages = entries.Where(e => !e.IsRun && !needed.Contains(e.Name) && now - e.ModifiedAt >= request.OlderThan);
        var foreign = runs.Count(r => !journalRuns.Contains(r.Name));
        return ([.. removeRuns, .. removePackages], foreign);
    }
}
