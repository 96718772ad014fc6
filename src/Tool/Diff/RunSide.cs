using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// A journaled run as a side of a diff: the outcome of each point the run finished, read from its records under
/// <c>.experiments/runs/&lt;id&gt;/</c> as <c>resume</c> reads them — so what a run produced can be compared with the
/// results file before or after it was recorded. A run holds only the points it ran, so the other side's points that it
/// lacks are not reported as added or removed.
/// </summary>
public static class RunSide
{
    public static async Task<DiffSide> ReadAsync(string projectDirectory, string runId, FoundResultsFile file, CancellationToken cancellationToken)
    {
        var outcomes = await RunOutcomes.ReadAsync(projectDirectory, runId, "diff", cancellationToken);
        var label = $"run {outcomes.Run.Id}";
        var experiment = outcomes.Manifest.Experiments.FirstOrDefault(e => e.Name == file.Experiment);
        return experiment is null
            ? new DiffSide(label, null, [], Partial: true) // the run did not run this experiment
            : new DiffSide(label, experiment.Axes, outcomes.Of(file.Experiment), Partial: true);
    }
}
