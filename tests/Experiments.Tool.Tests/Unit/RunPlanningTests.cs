using Experiments.Backends;
using Experiments.Tool.Errors;
using Experiments.Tool.Running;
using Experiments.Tool.Selection;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

public class RunPlanningTests
{
    private static readonly Registry.ExperimentDescriptor Grid = TestManifests.Descriptor(TestManifests.Experiment(
        "Lab.Study.Run", axes: [("delta", "double", ["0.1", "0.5", "0.9"]), ("replicate", "int", ["0", "1", "2", "3"])]));

    [Fact]
    public void The_backend_sizes_tasks_for_the_points_selected_not_for_the_whole_grid()
    {
        var backend = new PlanningBackend("local", BackendLimits.Unlimited, pointsPerTask: 2);
        var slice = PointSelector.Select([Grid], [], [WhereClause.Parse("delta=0.5")], []);

        var plan = RunPlanning.Plan("20261121-143005-3f2a", slice, backend, new Dictionary<string, TimeSpan?>(), pointsPerTask: null);

        Assert.Equal([4L], backend.PointCountsSeen);
        Assert.Equal(2, plan.Tasks.Count);
        Assert.Equal(Grid.PointCount, plan.Experiments.Single().Points); // the plan still knows the grid's size
    }

    [Fact]
    public void Points_per_task_from_the_command_line_wins_over_the_backend()
    {
        var backend = new PlanningBackend("local", BackendLimits.Unlimited, pointsPerTask: 2);

        var plan = RunPlanning.Plan("20261121-143005-3f2a", PointSelector.Select([Grid], [], [], []), backend, new Dictionary<string, TimeSpan?>(), pointsPerTask: 12);

        Assert.Single(plan.Tasks);
        Assert.Empty(backend.PointCountsSeen);
    }

    [Fact]
    public void Zero_points_per_task_is_refused() =>
        Assert.Equal(
            "--points-per-task must be at least 1 (got 0).",
            Assert.Throws<UserException>(() => RunPlanning.Plan("r", PointSelector.Select([Grid], [], [], []), new PlanningBackend("local", BackendLimits.Unlimited, 1), new Dictionary<string, TimeSpan?>(), 0)).Message);
}
