using Experiments.Backends.Tests.Support;
using Experiments.Schema;

namespace Experiments.Backends.Tests.Planning;

public sealed class RunPlannerTests
{
    [Fact]
    public void Packs_points_into_tasks_whose_sizes_differ_by_at_most_one()
    {
        var experiment = Descriptors.WithPoints("A", 10);

        var plan = RunPlanner.Plan("run-1", [PlanSelection.All(experiment)], pointsPerTask: 4);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]], plan.Tasks.Select(t => t.Points));
        Assert.All(plan.Tasks, t => Assert.Equal(0, t.Experiment));
        Assert.Equal(new PlannedExperiment("A", "0123456789abcdef", 10), Assert.Single(plan.Experiments));
        Assert.Equal("run-1", plan.RunId);
        Assert.Equal(RunPlan.CurrentSchema, plan.Schema);
    }

    [Fact]
    public void Never_mixes_experiments_in_a_task()
    {
        var a = Descriptors.WithPoints("A", 5);
        var b = Descriptors.WithPoints("B", 3);

        var plan = RunPlanner.Plan("run", [PlanSelection.All(a), PlanSelection.All(b)], pointsPerTask: 4);

        Assert.Equal(["A", "B"], plan.Experiments.Select(e => e.Name));
        Assert.Equal([0, 0, 1], plan.Tasks.Select(t => t.Experiment));
        Assert.Equal([[0, 1, 2], [3, 4], [0, 1, 2]], plan.Tasks.Select(t => t.Points));
    }

    [Fact]
    public void Keeps_selected_points_in_selection_order_and_leaves_out_experiments_with_none()
    {
        var a = Descriptors.WithPoints("A", 100);
        var empty = Descriptors.WithPoints("Empty", 100);

        var plan = RunPlanner.Plan("run", [new PlanSelection(a, [42, 7, 99]), new PlanSelection(empty, [])], pointsPerTask: 2);

        Assert.Equal("A", Assert.Single(plan.Experiments).Name);
        Assert.Equal([[42, 7], [99]], plan.Tasks.Select(t => t.Points));
    }

    [Fact]
    public void Uses_each_experiments_own_points_per_task()
    {
        var a = Descriptors.WithPoints("A", 6);
        var b = Descriptors.WithPoints("B", 6);

        var plan = RunPlanner.Plan("run", [PlanSelection.All(a), PlanSelection.All(b)], d => d.Name == "A" ? 6 : 2);

        Assert.Equal([6, 2, 2, 2], plan.Tasks.Select(t => t.Points.Length));
    }

    [Fact]
    public void Plans_a_million_points_as_a_thousand_tasks_of_a_thousand_consecutive_points()
    {
        var experiment = Descriptors.WithPoints("Big", 1_000_000);

        var plan = RunPlanner.Plan("run", [PlanSelection.All(experiment)], pointsPerTask: 1000);

        Assert.Equal(1000, plan.Tasks.Count);
        Assert.Equal(1_000_000, plan.PointCount);
        for (var t = 0; t < plan.Tasks.Count; t++)
        {
            var points = plan.Tasks[t].Points;
            Assert.Equal(1000, points.Length);
            Assert.Equal(t * 1000L, points[0]);
            Assert.Equal(t * 1000L + 999, points[^1]);
        }
    }

    [Fact]
    public void Rejects_a_point_outside_the_grid()
    {
        var experiment = Descriptors.WithPoints("A", 3);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RunPlanner.Plan("run", [new PlanSelection(experiment, [0, 3])], 1));

        Assert.Contains("A has points 0..2; 3 is not one of them", e.Message);
    }

    [Fact]
    public void Rejects_a_point_selected_twice()
    {
        var experiment = Descriptors.WithPoints("A", 5);

        var e = Assert.Throws<ArgumentException>(() => RunPlanner.Plan("run", [new PlanSelection(experiment, [2, 1, 2])], 1));

        Assert.Contains("lists a point more than once", e.Message);
    }

    [Fact]
    public void Rejects_an_experiment_selected_twice()
    {
        var experiment = Descriptors.WithPoints("A", 5);

        var e = Assert.Throws<ArgumentException>(() => RunPlanner.Plan("run", [new PlanSelection(experiment, [0]), new PlanSelection(experiment, [1])], 1));

        Assert.Contains("A is selected twice", e.Message);
    }

    [Fact]
    public void Rejects_fewer_than_one_point_per_task()
    {
        var experiment = Descriptors.WithPoints("A", 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => RunPlanner.Plan("run", [PlanSelection.All(experiment)], 0));
    }
}
