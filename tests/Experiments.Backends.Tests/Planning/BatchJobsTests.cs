using Experiments.Schema;

namespace Experiments.Backends.Tests.Planning;

/// <summary>How the orchestration core groups a request's tasks into jobs (Slurm arrays, AWS arrays, Google jobs).</summary>
public sealed class BatchJobsTests
{
    private const string A = "Lab.A.Run";
    private const string B = "Lab.B.Run";

    // Tasks 0-4 of A, 5-7 of B, 8-9 of A again (the planner keeps an experiment's tasks together, but a plan may not).
    private static readonly RunPlan Plan = new(
        RunPlan.CurrentSchema,
        "r1",
        [new PlannedExperiment(A, "ha", 100), new PlannedExperiment(B, "hb", 100)],
        [.. Tasks(0, 5), .. Tasks(1, 3), .. Tasks(0, 2)]);

    [Fact]
    public void Every_task_in_one_array_per_run_of_one_experiment()
    {
        var arrays = Arrays(Plan, [.. Enumerable.Range(0, 10)], 1001);

        Assert.Equal([(A, new ArrayChunk(0, 5)), (B, new ArrayChunk(5, 3)), (A, new ArrayChunk(8, 2))], arrays);
    }

    [Fact]
    public void A_resumed_subset_splits_where_the_task_numbers_jump()
    {
        int[] tasks = [1, 2, 4, 6, 7, 9];

        var arrays = Arrays(Plan, tasks, 1001);

        Assert.Equal(
            [(A, new ArrayChunk(1, 2)), (A, new ArrayChunk(4, 1)), (B, new ArrayChunk(6, 2)), (A, new ArrayChunk(9, 1))],
            arrays);
        AssertCoversExactly(tasks, arrays);
    }

    [Fact]
    public void An_experiments_run_longer_than_the_array_limit_is_split_at_the_limit()
    {
        var arrays = Arrays(Plan, [.. Enumerable.Range(0, 10)], 2);

        Assert.Equal(
            [
                (A, new ArrayChunk(0, 2)), (A, new ArrayChunk(2, 2)), (A, new ArrayChunk(4, 1)),
                (B, new ArrayChunk(5, 2)), (B, new ArrayChunk(7, 1)),
                (A, new ArrayChunk(8, 2)),
            ],
            arrays);
    }

    [Fact]
    public void Arrays_of_one_task_each_when_the_limit_is_one()
    {
        int[] tasks = [0, 1, 5, 9];

        var arrays = Arrays(Plan, tasks, 1);

        Assert.Equal([(A, new ArrayChunk(0, 1)), (A, new ArrayChunk(1, 1)), (B, new ArrayChunk(5, 1)), (A, new ArrayChunk(9, 1))], arrays);
    }

    [Fact]
    public void A_large_plan_is_covered_exactly_by_arrays_within_the_limit()
    {
        // 2,500 tasks alternating experiment every 700, resumed without tasks 1000-1099.
        var plan = new RunPlan(
            RunPlan.CurrentSchema, "r2",
            [new PlannedExperiment(A, "ha", 10_000), new PlannedExperiment(B, "hb", 10_000)],
            [.. Enumerable.Range(0, 2_500).Select(t => new PlannedTask(t / 700 % 2, [t]))]);
        var tasks = Enumerable.Range(0, 2_500).Where(t => t is < 1_000 or >= 1_100).ToArray();

        var arrays = Arrays(plan, tasks, 256);

        AssertCoversExactly(tasks, arrays);
        // 0-699 A, 700-999 B, 1100-1399 B, 1400-2099 A, 2100-2499 B: 3 + 2 + 2 + 3 + 2 arrays of at most 256.
        Assert.Equal(12, arrays.Count);
        Assert.All(arrays, a =>
        {
            Assert.InRange(a.Chunk.Count, 1, 256);
            Assert.All(Enumerable.Range(a.Chunk.Offset, a.Chunk.Count), t => Assert.Equal(a.Experiment, plan.ExperimentOf(t).Name));
        });
    }

    [Fact]
    public void No_tasks_make_no_arrays()
    {
        Assert.Empty(Arrays(Plan, [], 1001));
    }

    private static void AssertCoversExactly(IReadOnlyList<int> tasks, IReadOnlyList<(string Experiment, ArrayChunk Chunk)> arrays) =>
        Assert.Equal(tasks, arrays.SelectMany(a => Enumerable.Range(a.Chunk.Offset, a.Chunk.Count)));

    [Fact]
    public void Tasks_out_of_order_or_twice_are_refused()
    {
        Assert.Contains("ascending", Assert.Throws<ArgumentException>(() => Arrays(Plan, [3, 2], 10)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => Arrays(Plan, [3, 3], 10)).Message);
    }

    [Fact]
    public void A_job_knows_the_most_points_its_tasks_hold()
    {
        var plan = new RunPlan(RunPlan.CurrentSchema, "r3", [new PlannedExperiment(A, "ha", 100)], [new PlannedTask(0, [0, 1, 2]), new PlannedTask(0, [3, 4])]);

        Assert.Equal(3, Assert.Single(BatchJobs.Plan(plan, [0, 1], 10)).MaxPoints);
    }

    private static IReadOnlyList<(string Experiment, ArrayChunk Chunk)> Arrays(RunPlan plan, IReadOnlyList<int> tasks, int maxTasksPerJob) =>
        BatchJobs.Plan(plan, tasks, maxTasksPerJob).Select(j => (j.Experiment, j.Tasks)).ToArray();

    private static IEnumerable<PlannedTask> Tasks(int experiment, int count) =>
        Enumerable.Range(0, count).Select(i => new PlannedTask(experiment, [i]));
}
