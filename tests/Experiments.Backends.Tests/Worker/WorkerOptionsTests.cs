using Experiments.Worker;

namespace Experiments.Backends.Tests.Worker;

public sealed class WorkerOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Arguments_give_plan_store_and_task()
    {
        var options = WorkerOptions.Parse(["--experiments-worker", "--plan", "p.json", "--store", "s", "--task", "7"], Env());

        Assert.Equal(new WorkerOptions("p.json", "s", 7, false, null), options);
    }

    [Fact]
    public void Serve_mode_needs_no_task()
    {
        var options = WorkerOptions.Parse(["--experiments-worker", "--serve", "--plan", "p.json", "--store", "s"], Env());

        Assert.True(options.Serve);
        Assert.Null(options.Task);
    }

    [Fact]
    public void Arguments_win_over_the_environment()
    {
        var options = WorkerOptions.Parse(
            ["--plan", "arg.json", "--task", "1"],
            Env(("EXPERIMENTS_PLAN", "env.json"), ("EXPERIMENTS_STORE", "env-store"), ("SLURM_ARRAY_TASK_ID", "5"), ("EXPERIMENTS_TASK_OFFSET", "1000")));

        Assert.Equal(new WorkerOptions("arg.json", "env-store", 1, false, null), options);
    }

    [Theory]
    [InlineData("EXPERIMENTS_TASK_INDEX", "3", 3)]
    [InlineData("SLURM_ARRAY_TASK_ID", "4", 4)]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX", "5", 5)]
    [InlineData("BATCH_TASK_INDEX", "6", 6)]
    [InlineData("AZ_BATCH_TASK_ID", "task-17", 17)]
    public void A_batch_systems_index_variable_gives_the_task(string variable, string value, int task)
    {
        var options = WorkerOptions.Parse([], Env(("EXPERIMENTS_PLAN", "p"), ("EXPERIMENTS_STORE", "s"), (variable, value)));

        Assert.Equal(task, options.Task);
    }

    [Fact]
    public void The_offset_of_a_split_array_is_added_to_an_index_from_the_environment()
    {
        var options = WorkerOptions.Parse(["--experiments-worker"],
            Env(("EXPERIMENTS_PLAN", "p"), ("EXPERIMENTS_STORE", "s"), ("SLURM_ARRAY_TASK_ID", "7"), ("EXPERIMENTS_TASK_OFFSET", "1000")));

        Assert.Equal(1007, options.Task);
    }

    [Fact]
    public void The_timeout_grace_comes_from_the_environment_in_seconds()
    {
        var options = WorkerOptions.Parse(["--plan", "p", "--store", "s", "--task", "0"], Env(("EXPERIMENTS_TIMEOUT_GRACE", "2.5")));

        Assert.Equal(TimeSpan.FromSeconds(2.5), options.TimeoutGrace);
    }

    [Theory]
    [InlineData(new[] { "--store", "s", "--task", "0" }, "No run plan: pass --plan PATH or set EXPERIMENTS_PLAN")]
    [InlineData(new[] { "--plan", "p", "--task", "0" }, "No result store: pass --store DIR or set EXPERIMENTS_STORE")]
    [InlineData(new[] { "--plan", "p", "--store", "s" }, "No task index: pass --task N, --serve, or run as an array task")]
    [InlineData(new[] { "--plan", "p", "--store", "s", "--task", "-1" }, "--task must be a non-negative whole number, not '-1'")]
    [InlineData(new[] { "--plan", "p", "--store", "s", "--task", "x" }, "--task must be a non-negative whole number, not 'x'")]
    [InlineData(new[] { "--plan", "--store", "s" }, "--plan needs a value")]
    [InlineData(new[] { "--plan", "p", "--store", "s", "--tasks", "1" }, "Unknown worker argument '--tasks'")]
    [InlineData(new[] { "--plan", "p", "--store", "s", "--serve", "--task", "1" }, "do not pass --task with it")]
    public void Bad_invocations_say_what_is_wrong_and_what_is_valid(string[] args, string expected)
    {
        var e = Assert.Throws<WorkerInvocationException>(() => WorkerOptions.Parse(args, Env()));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_bad_index_variable_is_named()
    {
        var e = Assert.Throws<WorkerInvocationException>(() =>
            WorkerOptions.Parse([], Env(("EXPERIMENTS_PLAN", "p"), ("EXPERIMENTS_STORE", "s"), ("AZ_BATCH_TASK_ID", "task"))));

        Assert.Contains("AZ_BATCH_TASK_ID 'task' does not end in a task number", e.Message);
    }

    [Fact]
    public void A_bad_grace_is_named()
    {
        var e = Assert.Throws<WorkerInvocationException>(() =>
            WorkerOptions.Parse(["--plan", "p", "--store", "s", "--task", "0"], Env(("EXPERIMENTS_TIMEOUT_GRACE", "soon"))));

        Assert.Contains("EXPERIMENTS_TIMEOUT_GRACE must be a number of seconds", e.Message);
    }

    [Fact]
    public void A_worker_invocation_is_recognised_by_its_first_argument()
    {
        Assert.True(WorkerHost.IsWorkerInvocation(["--experiments-worker", "--serve"]));
        Assert.False(WorkerHost.IsWorkerInvocation(["--filter", "x"]));
        Assert.False(WorkerHost.IsWorkerInvocation(["--serve", "--experiments-worker"]));
    }
}
