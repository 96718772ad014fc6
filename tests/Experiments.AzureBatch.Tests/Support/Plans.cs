using Experiments.Backends;
using Experiments.Registry;
using Experiments.TestSupport;
using Experiments.Schema;

namespace Experiments.AzureBatch.Tests.Support;

/// <summary>Plans made with the real planner from descriptors of any size (axes are lazy).</summary>
internal static class Plans
{
    public static ExperimentDescriptor Experiment(string name, long points, ExperimentResources? resources = null) =>
        SyntheticExperiments.WithPoints(name, points, resources);

    public static RunPlan Plan(long points, int pointsPerTask = 1, string runId = "20250101-120000-abcd") =>
        RunPlanner.Plan(runId, [PlanSelection.All(Experiment("Tests.Grid", points))], pointsPerTask);

    public static SubmitRequest Request(RunPlan plan, IReadOnlyList<int>? tasks = null, ExperimentResources? resources = null) =>
        new(new PreparedPackage("pkg0123", "127.0.0.1:5000/experiments/app:pkg0123", "App"), plan, "/tmp/plan.json", "/tmp/run", tasks,
            resources is null ? null : plan.Experiments.ToDictionary(e => e.Name, _ => resources));
}
