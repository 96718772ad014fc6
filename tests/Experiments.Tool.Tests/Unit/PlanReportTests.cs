using Experiments.TestSupport;
using Experiments.Backends;
using Experiments.Tool.Running;
using Experiments.Tool.Selection;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class PlanReportTests
{
    private static readonly Registry.ExperimentDescriptor Phase = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.PhaseTransition.Run", axes: [("delta", "double", ["0.1", "0.5", "0.9"]), ("replicate", "int", ["0", "1", "2", "3", "4", "5", "6"])]));

    private static readonly Registry.ExperimentDescriptor Noise = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.Noise.Measure", axes: [("n", "int", ["1", "2", "3", "4", "5"])]));

    [Fact]
    public void A_dry_run_prints_points_tasks_arrays_and_the_time_estimated_from_recorded_durations()
    {
        var backend = new PlanningBackend("cluster", new BackendLimits(SupportsArrays: true, MaxArraySize: 4, MaxTasksPerSubmission: 100), pointsPerTask: 2);
        var selections = PointSelector.Select([Phase, Noise], [], [WhereClause.Parse("delta=0.1,0.5")], []);
        selections = [.. selections, .. PointSelector.Select([Phase, Noise], ["Noise.Measure"], [], [])];
        var typical = new Dictionary<string, TimeSpan?> { ["Lab.PhaseTransition.Run"] = TimeSpan.FromSeconds(1.5), ["Lab.Noise.Measure"] = null };
        var plan = RunPlanning.Plan("20261121-143005-3f2a", selections, backend, typical, pointsPerTask: null);
        var console = new TestConsole();

        PlanReport.Print(console.Console, plan, backend, concurrency: null, typical);

        Approvals.Verify(console.Output, "PlanReport.arrays");
    }

    [Fact]
    public void On_the_local_backend_the_estimate_divides_by_the_points_run_at_once()
    {
        var backend = new PlanningBackend("local", BackendLimits.Unlimited, pointsPerTask: 3);
        var selections = PointSelector.Select([Phase], [], [], []);
        var typical = new Dictionary<string, TimeSpan?> { ["Lab.PhaseTransition.Run"] = TimeSpan.FromSeconds(2) };
        var plan = RunPlanning.Plan("20261121-143005-3f2a", selections, backend, typical, pointsPerTask: 5);
        var console = new TestConsole();

        PlanReport.Print(console.Console, plan, backend, concurrency: 2, typical);

        Approvals.Verify(console.Output, "PlanReport.local");
        Assert.Equal(5, plan.Tasks.Count); // 21 points, at most 5 per task, sizes differing by at most one
    }
}
