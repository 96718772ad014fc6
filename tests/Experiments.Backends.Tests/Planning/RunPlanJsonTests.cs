using Experiments.Backends.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Planning;

public sealed class RunPlanJsonTests
{
    [Fact]
    public void A_plan_is_written_in_the_documented_shape()
    {
        var plan = RunPlanner.Plan("20261121-140000-ab12", [PlanSelection.All(Descriptors.WithPoints("Samples.Study.Run", 5))], 3);

        Approvals.Verify(RunPlanJson.Serialize(plan), "RunPlanJsonTests.A_plan_is_written_in_the_documented_shape");
    }

    [Fact]
    public void A_written_plan_reads_back_equal()
    {
        using var temp = new TempDirectory("plan");
        var plan = RunPlanner.Plan("run", [PlanSelection.All(Descriptors.WithPoints("A", 7)), PlanSelection.All(Descriptors.WithPoints("B", 2))], 3);
        var path = temp.Combine("runs", "plan.json");

        RunPlanJson.WriteFile(plan, path);
        var read = RunPlanJson.ReadFile(path);

        Assert.Equal(plan.RunId, read.RunId);
        Assert.Equal(plan.Experiments, read.Experiments);
        Assert.Equal(plan.Tasks.Select(t => (t.Experiment, t.Points)), read.Tasks.Select(t => (t.Experiment, t.Points)));
        Assert.Equal(["plan.json"], Directory.GetFiles(temp.Combine("runs")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("""{"schema":2,"runId":"r","experiments":[],"tasks":[]}""", "run plan schema 2; this worker reads schema 1")]
    [InlineData("""{"schema":1,"runId":"r","experiments":[{"name":"A","gridHash":"h","points":3}],"tasks":[{"experiment":1,"points":[0]}]}""", "task 0 refers to experiment #1, but the plan has 1")]
    [InlineData("""{"schema":1,"runId":"r","experiments":[{"name":"A","gridHash":"h","points":3}],"tasks":[{"experiment":0,"points":[0,3]}]}""", "task 0 has point 3, outside 0..2 of A")]
    [InlineData("""{"schema":1,"runId":"r","experiments":[{"name":"","gridHash":"h","points":3}],"tasks":[]}""", "experiment #0 needs a name")]
    [InlineData("""{"schema":1,"runId":"r",""", "is not a valid run plan")]
    public void A_bad_plan_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => RunPlanJson.Parse(json, "runs/x/plan.json"));

        Assert.Contains("runs/x/plan.json", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
