using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmStatusTests
{
    private static readonly SubmittedJob[] TwoArrays = [new("4711", new ArrayChunk(0, 3)), new("4712", new ArrayChunk(3, 2))];

    [Fact]
    public void Live_tasks_come_from_squeue_and_ended_ones_from_sacct()
    {
        var squeue = SqueueOutput.Parse("4711_2|RUNNING|None\n4712_[0-1]|PENDING|JobHeldUser\n");
        var sacct = SacctOutput.Parse("4711_0|COMPLETED|0:0\n4711_1|COMPLETED|0:0\n4711_2|RUNNING|0:0\n4712_[0-1]|PENDING|0:0\n");

        var status = SlurmStatus.Combine(TwoArrays, squeue, sacct);

        Assert.Equal(2, status.Count(TaskState.Succeeded));
        Assert.Equal(1, status.Count(TaskState.Running));
        Assert.Equal(2, status.Count(TaskState.Held));
        Assert.False(status.Finished);
        Assert.Null(status.Message);
    }

    [Fact]
    public void Tasks_nobody_knows_are_unknown_and_do_not_keep_the_run_waiting()
    {
        var sacct = SacctOutput.Parse("4711_0|COMPLETED|0:0\n");

        var status = SlurmStatus.Combine(TwoArrays, [], sacct);

        Assert.Equal(1, status.Count(TaskState.Succeeded));
        Assert.Equal(4, status.Count(TaskState.Unknown));
        Assert.Equal(0, status.Count(TaskState.Running));
        Assert.True(status.Finished);
    }

    [Fact]
    public void An_array_not_yet_split_counts_for_each_of_its_tasks()
    {
        var squeue = SqueueOutput.Parse("4711|PENDING|Priority\n");

        var status = SlurmStatus.Combine([new SubmittedJob("4711", new ArrayChunk(0, 3))], squeue, []);

        Assert.Equal(3, status.Count(TaskState.Pending));
    }

    [Fact]
    public void Failed_tasks_are_named_with_their_plan_task_state_and_log()
    {
        var sacct = SacctOutput.Parse("""
            4711_0|FAILED|139:0
            4711_1|TIMEOUT|0:0
            4711_2|CANCELLED by 0|0:15
            4712_0|OUT_OF_MEMORY|0:125
            4712_1|COMPLETED|0:0
            """);

        var status = SlurmStatus.Combine(TwoArrays, [], sacct);

        Assert.True(status.Finished);
        Assert.Equal(3, status.Count(TaskState.Failed));
        Assert.Equal(1, status.Count(TaskState.Cancelled));
        Assert.Equal(
            "3 Slurm task(s) failed: task 0 (job 4711_0) FAILED, exit 139, see logs/4711_0.err; " +
            "task 1 (job 4711_1) TIMEOUT, exit 0, see logs/4711_1.err; task 3 (job 4712_0) OUT_OF_MEMORY, signal 125, see logs/4712_0.err.",
            status.Message);
    }

    [Fact]
    public void Beyond_a_few_failures_the_rest_are_counted()
    {
        var sacct = SacctOutput.Parse(string.Join('\n', Enumerable.Range(0, 8).Select(i => $"4711_{i}|NODE_FAIL|0:0")));

        var status = SlurmStatus.Combine([new SubmittedJob("4711", new ArrayChunk(0, 8))], [], sacct);

        Assert.StartsWith("8 Slurm task(s) failed", status.Message);
        Assert.EndsWith("; and 3 more.", status.Message);
    }
}
