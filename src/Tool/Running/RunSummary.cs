using Experiments.Schema;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Recording;

namespace Experiments.Tool.Running;

/// <summary>What a run printed when it ended: counts, the results files written, the failures, and how to go on.</summary>
public static class RunSummary
{
    public const int FailuresShown = 10;

    /// <param name="output">The last lines each failed point printed (see <see cref="FailureOutput"/>), where they could be read.</param>
    /// <summary>The failures the summary lists, in its order.</summary>
    public static IReadOnlyList<PointRecord> Listed(IEnumerable<PointOutcome> outcomes) => outcomes
        .Where(o => o.Record.Status == PointStatus.Failed)
        .OrderBy(o => o.Record.Experiment, StringComparer.Ordinal)
        .ThenBy(o => o.Record.Key, StringComparer.Ordinal)
        .Take(FailuresShown)
        .Select(o => o.Record)
        .ToArray();

    public static void Print(
        ToolConsole console, RunInfo run, IReadOnlyList<RecordedFile> files, IReadOnlyList<PointOutcome> outcomes,
        IReadOnlyDictionary<(string Experiment, string Key), IReadOnlyList<string>>? output = null,
        IReadOnlyList<Artifacts.ArtifactCollection>? artifacts = null)
    {
        var c = run.Counts;
        var verb = run.Status == RunStatus.Interrupted ? "interrupted" : "finished";
        console.Line($"Run {run.Id} ({run.Backend}) {verb}: {c.Succeeded} succeeded, {c.Failed} failed, {c.Missing} not run, of {c.Planned} planned.");
        foreach (var file in files)
            console.Line($"  recorded {file.Succeeded + file.Failed} point{(file.Succeeded + file.Failed == 1 ? "" : "s")} in {file.Path}");
        foreach (var line in (artifacts ?? []).SelectMany(Artifacts.ArtifactCollector.Describe))
            console.Line("  " + line);

        var failures = outcomes
            .Where(o => o.Record.Status == PointStatus.Failed)
            .OrderBy(o => o.Record.Experiment, StringComparer.Ordinal)
            .ThenBy(o => o.Record.Key, StringComparer.Ordinal)
            .ToArray();
        if (failures.Length > 0)
        {
            console.Line($"Failed points ({failures.Length}):");
            foreach (var failure in failures.Take(FailuresShown))
            {
                console.Line($"  {failure.Record.Experiment} {failure.Record.Key}: {Describe(failure)}");
                if (output?.GetValueOrDefault((failure.Record.Experiment, failure.Record.Key)) is { } lines)
                {
                    console.Line($"    last lines it printed (all of them: dotnet experiment logs {run.Id} --point \"{failure.Record.Key}\"):");
                    foreach (var line in lines)
                        console.Line("      " + line);
                }
            }
            if (failures.Length > FailuresShown)
                console.Line($"  … and {failures.Length - FailuresShown} more; the results files have every error.");
        }
        if (c.Failed + c.Missing > 0)
            console.Line($"Run the points that did not succeed again with: dotnet experiment resume {run.Id}");
    }

    private static string Describe(PointOutcome failure)
    {
        var error = failure.Record.Error;
        if (error is null)
            return "failed";
        var firstLine = error.Message.Split('\n')[0].Trim();
        var type = error.Type is null ? "" : $"{error.Type}: ";
        var attempts = failure.Attempts > 1 ? $" ({failure.Attempts} attempts)" : "";
        return $"{PointRecordJson.KindText(error.Kind)} — {type}{firstLine}{attempts}";
    }
}
