using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>
/// Packs selected points into tasks: each task holds points of one experiment only (so a task has one timeout, one
/// set of resources and one record file), and the points of an experiment are spread over as few tasks as the
/// points-per-task allows, in sizes that differ by at most one.
/// </summary>
public static class RunPlanner
{
    public static RunPlan Plan(string runId, IEnumerable<PlanSelection> selections, int pointsPerTask) =>
        Plan(runId, selections, _ => pointsPerTask);

    /// <param name="pointsPerTask">Points per task for each experiment (e.g. <see cref="IExperimentBackend.DefaultPointsPerTask"/>).</param>
    public static RunPlan Plan(string runId, IEnumerable<PlanSelection> selections, Func<ExperimentDescriptor, int> pointsPerTask)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var experiments = new List<PlannedExperiment>();
        var tasks = new List<PlannedTask>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in selections)
        {
            var descriptor = selection.Experiment;
            if (!seen.Add(descriptor.Name))
                throw new ArgumentException($"{descriptor.Name} is selected twice; merge its points into one selection.", nameof(selections));
            if (selection.Points.Count == 0)
                continue;
            var perTask = pointsPerTask(descriptor);
            if (perTask < 1)
                throw new ArgumentOutOfRangeException(nameof(pointsPerTask), perTask, $"Points per task for {descriptor.Name} must be at least 1.");
            var points = CheckedPoints(selection);
            var experimentNumber = experiments.Count;
            experiments.Add(new PlannedExperiment(descriptor.Name, descriptor.GridHash, descriptor.PointCount));
            Pack(points, perTask, experimentNumber, tasks);
        }
        return new RunPlan(RunPlan.CurrentSchema, runId, experiments, tasks);
    }

    /// <summary>Cuts <paramref name="points"/> into ceil(n / perTask) tasks whose sizes differ by at most one.</summary>
    private static void Pack(long[] points, int perTask, int experimentNumber, List<PlannedTask> tasks)
    {
        var taskCount = (points.Length + perTask - 1) / perTask;
        var smaller = points.Length / taskCount;
        var larger = points.Length % taskCount; // this many tasks get one point more
        var start = 0;
        for (var t = 0; t < taskCount; t++)
        {
            var size = smaller + (t < larger ? 1 : 0);
            tasks.Add(new PlannedTask(experimentNumber, points.AsSpan(start, size).ToArray()));
            start += size;
        }
    }

    private static long[] CheckedPoints(PlanSelection selection)
    {
        var descriptor = selection.Experiment;
        var points = selection.Points as long[] ?? selection.Points.ToArray();
        var ascending = true;
        for (var i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (p < 0 || p >= descriptor.PointCount)
                throw new ArgumentOutOfRangeException(nameof(selection), p, $"{descriptor.Name} has points 0..{descriptor.PointCount - 1}; {p} is not one of them.");
            if (i > 0 && p <= points[i - 1])
                ascending = false;
        }
        // A point planned twice would run twice and be recorded twice; strictly ascending input (the usual case) cannot repeat.
        if (!ascending && new HashSet<long>(points).Count != points.Length)
            throw new ArgumentException($"The selection of {descriptor.Name} lists a point more than once.", nameof(selection));
        return points;
    }
}
