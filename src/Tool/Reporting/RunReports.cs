using Experiments.Schema;
using Experiments.Tool.Reading;
using Experiments.Tool.Recording;
using Experiments.Tool.Running;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Reporting;

/// <summary>
/// Reports of a run from its journal — while it runs, after it was interrupted, or before it is recorded: one per
/// experiment of the run, over the points it has finished, with the run as the only provenance.
/// </summary>
public static class RunReports
{
    public static IEnumerable<ExperimentReport> Build(string projectDirectory, RunOutcomes outcomes, ReportOptions options)
    {
        var experiments = outcomes.Manifest.Experiments;
        if (options.Experiments.Count > 0)
        {
            // Names match as everywhere else: in full or by a unique suffix, with the run's experiments as the choice.
            var chosen = ExperimentMatcher.MatchAll(Manifest.Descriptors(outcomes.Manifest).ToArray(), options.Experiments)
                .Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            experiments = experiments.Where(e => chosen.Contains(e.Name)).ToArray();
        }
        var provenance = RunContext.ResultsRun(outcomes.Run, default) with { EndedAt = outcomes.Run.EndedAt };
        foreach (var experiment in experiments)
        {
            var header = new ResultsFileHeader(ResultsFile.CurrentSchema, experiment.Name, experiment.GridHash, experiment.Axes, [provenance]);
            using var source = ResultsSource.Of(
                ResultsFiles.PathFor(projectDirectory, experiment), $"run {outcomes.Run.Id}", header, outcomes.Of(experiment.Name));
            yield return ReportHandler.Build(source, options);
        }
    }
}
