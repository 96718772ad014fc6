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
    /// The median duration of each experiment's succeeded points in its results file (null when it has none). Reading
    /// the files here also means a corrupt one stops the run before anything is submitted, not after.
    /// </summary>
    public static IReadOnlyDictionary<string, TimeSpan?> TypicalDurations(BuiltProject project, IEnumerable<ExperimentDescriptor> experiments)
    {
        var durations = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
        foreach (var experiment in experiments)
        {
            var file = ResultsFiles.Read(project.ProjectDirectory, project.ManifestOf(experiment));
            var recorded = file?.Points.Where(p => p.IsSucceeded && !p.Stale).Select(p => p.Duration).Order().ToArray() ?? [];
            durations[experiment.Name] = recorded.Length == 0 ? null : TimeSpan.FromSeconds(recorded[recorded.Length / 2]);
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
