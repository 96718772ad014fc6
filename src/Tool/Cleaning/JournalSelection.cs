using Experiments.Tool.Journal;
using Experiments.Tool.Listing;

namespace Experiments.Tool.Cleaning;

/// <summary>
/// Which journaled runs <c>clean</c> removes: only runs whose outcomes are already in the results files (recorded,
/// interrupted after recording what finished, or resumed by a later run). A run that is live, or whose tool was killed
/// before it collected, is kept: its journal is what <c>resume</c> collects it from.
/// </summary>
public static class JournalSelection
{
    /// <param name="runs">The journal's runs, oldest first (as <see cref="RunJournal.List"/> gives them).</param>
    /// <returns>The runs to remove, and the old-enough runs kept with the reason (so the user knows why they stay).</returns>
    public static (IReadOnlyList<RunInfo> Remove, IReadOnlyList<(RunInfo Run, string Reason)> Kept) Select(
        IReadOnlyList<RunInfo> runs, CleanRequest request, DateTimeOffset now)
    {
        var remove = new List<RunInfo>();
        var kept = new List<(RunInfo, string)>();
        var collectedSeen = 0;
        foreach (var run in runs.Where(r => request.Backend is null || r.Backend == request.Backend).Reverse())
        {
            var collected = IsCollected(run);
            if (collected)
                collectedSeen++;
            if (now - (run.EndedAt ?? run.StartedAt) < request.OlderThan)
                continue;
            if (!collected)
                kept.Add((run, $"{RunListing.Describe(run)}: {(RunLiveness.IsAlive(run) ? "let it finish" : "collect it with 'dotnet experiment resume'")} first"));
            else if (collectedSeen <= request.KeepLast)
                kept.Add((run, $"one of the newest {request.KeepLast} (--keep-last)"));
            else
                remove.Add(run);
        }
        return (remove, kept);
    }

    /// <summary>Its outcomes are in the results files, so its journal is no longer needed by any command.</summary>
    public static bool IsCollected(RunInfo run) => run.Status is RunStatus.Recorded or RunStatus.Interrupted or RunStatus.Resumed;
}
