using Experiments.Backends;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Projects;
using Experiments.Tool.Recording;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Running;

/// <summary>Cuts selected points into a run plan, sizing tasks from what earlier runs recorded about point durations.</summary>
public static class RunPlanning
{
    /// <summary>
    /// The typical duration of a point of each experiment (null when nothing is known): the median of the latest run in
    /// the results file's <c>runs</c> list that has one (so a fresh clone packs as well as the machine that ran it), else
    /// the median of the durations this machine kept. Reading the files here also means a corrupt one stops the run
    /// before anything is submitted, not after: the whole file is checked, by streaming.
    /// </summary>
    public static IReadOnlyDictionary<string, TimeSpan?> TypicalDurations(BuiltProject project, IEnumerable<ExperimentDescriptor> experiments)
    {
        var durations = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
        foreach (var experiment in experiments)
        {
            var manifest = project.ManifestOf(experiment);
            var header = ResultsFiles.Check(project.ProjectDirectory, manifest);
            var median = header?.Runs.Reverse().Select(r => r.Recorded?.MedianSeconds).FirstOrDefault(m => m is not null);
            if (median is null && header is not null) // no durations without a results file: they would be of a deleted one
            {
                var local = ResultsFileDurations.Read(ResultsFiles.PathFor(project.ProjectDirectory, manifest)).Values.Order().ToArray();
                median = local.Length == 0 ? null : local[local.Length / 2];
            }
            durations[experiment.Name] = median is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        }
        return durations;
    }

    public static RunPlan Plan(
        string runId,
        IReadOnlyList<ExperimentSelection> selections,
        IExperimentBackend backend,
        IReadOnlyDictionary<string, TimeSpan?> typicalDurations,
        int? pointsPerTask)
    {
        if (pointsPerTask is < 1)
            throw new UserException($"--points-per-task must be at least 1 (got {pointsPerTask}).");
        var selected = selections.ToDictionary(s => s.Experiment.Name, s => (long)s.Points.Count, StringComparer.Ordinal);
        return RunPlanner.Plan(
            runId,
            selections.Select(s => new PlanSelection(s.Experiment, s.Points)),
            // The backend sizes tasks from the point count it is shown: for a slice that must be the slice's count, or
            // 1,960 points of a 17,640-point grid would be cut as if they were all of it (into far too few tasks).
            e => pointsPerTask ?? Math.Max(1, backend.DefaultPointsPerTask(
                e with { PointCount = selected[e.Name] },
                typicalDurations.GetValueOrDefault(e.Name))));
    }
}
