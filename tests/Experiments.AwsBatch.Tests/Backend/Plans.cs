using Experiments.Backends;
using Experiments.Registry;
using Experiments.TestSupport;
using Experiments.Schema;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>Experiment descriptors and run plans for backend tests: only names, point counts and resources matter.</summary>
public static class Plans
{
    /// <summary>An experiment with one int axis of <paramref name="points"/> values.</summary>
    public static ExperimentDescriptor Experiment(string name, long points, ExperimentResources? resources = null) =>
        SyntheticExperiments.WithPoints(name, points, resources);

    public static RunPlan Plan(string runId, int pointsPerTask, params ExperimentDescriptor[] experiments) =>
        RunPlanner.Plan(runId, experiments.Select(PlanSelection.All), pointsPerTask);

    public static string NewRunId() => "20261121-120000-" + Guid.NewGuid().ToString("N")[..6];
}
