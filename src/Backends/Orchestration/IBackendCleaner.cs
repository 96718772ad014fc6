namespace Experiments.Backends;

/// <summary>
/// Housekeeping a backend does beside the journal's (<c>dotnet experiment clean</c>): the Slurm shared directory's old run
/// folders and packages, a cloud store's run prefixes. The tool asks every configured backend through this hook and
/// knows none of them.
/// </summary>
public interface IBackendCleaner
{
    /// <summary>What it cleans, for people ("Slurm shared directory login:/scratch/x").</summary>
    string Where { get; }

    /// <summary>What would go; reads only.</summary>
    Task<CleaningPlan> PlanAsync(CleaningRequest request, CancellationToken cancellationToken);

    /// <summary>Removes what <paramref name="plan"/> lists.</summary>
    Task CleanAsync(CleaningPlan plan, CancellationToken cancellationToken);
}

/// <param name="RemovedRuns">Runs the journal drops: their copies go too.</param>
/// <param name="JournaledRuns">Every run the journal knows: a folder of any other run (another project's) is never touched.</param>
/// <param name="KeptPackages">Package ids runs left in the journal still need.</param>
/// <param name="OlderThan">Packages no run needs go once they are this old.</param>
public sealed record CleaningRequest(
    IReadOnlySet<string> RemovedRuns, IReadOnlySet<string> JournaledRuns, IReadOnlySet<string> KeptPackages, TimeSpan OlderThan, DateTimeOffset Now);

/// <summary>One thing to remove: what it is ("run /scratch/x/runs/r1") and its size.</summary>
public sealed record CleaningItem(string What, long Bytes);

/// <param name="Remove">What goes.</param>
/// <param name="Note">Anything worth a line (folders left alone, and why); null for none.</param>
/// <param name="State">The cleaner's own plan, for <see cref="IBackendCleaner.CleanAsync"/>.</param>
public sealed record CleaningPlan(IReadOnlyList<CleaningItem> Remove, string? Note, object? State);
