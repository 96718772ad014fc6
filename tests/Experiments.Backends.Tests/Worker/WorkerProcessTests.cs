using Experiments.Backends.Local;
using Experiments.Backends.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Worker;

namespace Experiments.Backends.Tests.Worker;

/// <summary>The Sweeps app started as a worker directly, as a Slurm or cloud array task starts it.</summary>
[Collection(SweepsCollection.Name)]
public sealed class WorkerProcessTests(SweepsApp app) : IDisposable
{
    private readonly TempDirectory _run = new("worker");

    public void Dispose() => _run.Dispose();

    private string Store => _run.Combine("store");

    [Fact]
    public async Task Stdout_carries_only_the_protocol_and_user_output_goes_to_stderr()
    {
        var (_, plan) = app.WritePlan(_run.Path, 2, "Sweeps.Arithmetic.Print");

        var result = await WorkerProcesses.RunAsync(app, ["--experiments-worker", "--plan", plan, "--store", Store, "--task", "0"]);

        Assert.Equal(WorkerExitCodes.Success, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.NotNull(WorkerProtocol.Parse(l)));
        Assert.Equal(["ready", "started 0 0 1", "record 0 0 1 succeeded", "started 0 1 1", "record 0 1 1 succeeded", "done 0"], lines);
        Assert.Contains("Sweeps.Arithmetic.Print says left", result.StandardError);
    }

    [Fact]
    public async Task An_array_task_finds_its_task_from_the_index_variable_plus_the_offset()
    {
        var (plan, path) = app.WritePlan(_run.Path, 1, "Sweeps.Failing.Throw");

        var result = await WorkerProcesses.RunAsync(app, [], new Dictionary<string, string?>
        {
            ["EXPERIMENTS_PLAN"] = path,
            ["EXPERIMENTS_STORE"] = Store,
            ["SLURM_ARRAY_TASK_ID"] = "0",
            ["EXPERIMENTS_TASK_OFFSET"] = "2",
        });

        Assert.Equal(WorkerExitCodes.Success, result.ExitCode);
        var records = StoreRecords.Read(Store);
        Assert.All(records.All, r => Assert.Equal(2, r.Task));
        Assert.Equal(30, records.SucceededOnce("Sweeps.Failing.Throw", "x=3").Result!.Value.GetInt32());
        Assert.Equal(3, plan.Tasks.Count);
    }

    [Fact]
    public async Task A_plan_for_a_changed_grid_is_refused_before_any_point_runs()
    {
        var (plan, _) = app.WritePlan(_run.Path, 10, "Sweeps.Arithmetic.Sum");
        var path = _run.Combine("stale.json");
        RunPlanJson.WriteFile(plan with { Experiments = [plan.Experiments[0] with { GridHash = "0000000000000000" }] }, path);

        var result = await WorkerProcesses.RunAsync(app, ["--experiments-worker", "--plan", path, "--store", Store, "--task", "0"]);

        Assert.Equal(WorkerExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("The grid of 'Sweeps.Arithmetic.Sum' in this app (hash", result.StandardError);
        Assert.Contains("12 points) differs from the plan's (hash 0000000000000000, 12 points)", result.StandardError);
        Assert.StartsWith("error ", result.StandardOutput);
        Assert.Empty(StoreRecords.Read(Store).All);
    }

    [Fact]
    public async Task A_plan_naming_an_experiment_the_app_lacks_is_refused_with_the_ones_it_has()
    {
        var (plan, _) = app.WritePlan(_run.Path, 10, "Sweeps.Arithmetic.Sum");
        var path = _run.Combine("other.json");
        RunPlanJson.WriteFile(plan with { Experiments = [plan.Experiments[0] with { Name = "Sweeps.Gone" }] }, path);

        var result = await WorkerProcesses.RunAsync(app, ["--experiments-worker", "--plan", path, "--store", Store, "--task", "0"]);

        Assert.Equal(WorkerExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("runs 'Sweeps.Gone', which this app does not contain (it has: Sweeps.Arithmetic.Print, Sweeps.Arithmetic.Sum", result.StandardError);
    }

    [Fact]
    public async Task Bad_arguments_are_explained_without_a_stack_trace()
    {
        var result = await WorkerProcesses.RunAsync(app, ["--experiments-worker", "--plan", _run.Combine("missing.json"), "--store", Store, "--task", "0"]);

        Assert.Equal(WorkerExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("missing.json does not exist", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task A_task_resumes_skipping_succeeded_points_and_counting_an_attempt_its_process_died_in()
    {
        var (plan, path) = app.WritePlan(_run.Path, 2, "Sweeps.Flaky.SecondTime");
        var experiment = app.Experiment("Sweeps.Flaky.SecondTime");
        var file = PointRecordFiles.PathOf(Store, experiment.Name, 0);
        var seed = Experiments.Points.Seeds.Derive(experiment.Name, "n=2");
        var before = new PointRecord(experiment.Name, "n=1", 0, 0, 1, PointStatus.Succeeded, Experiments.Points.Seeds.Derive(experiment.Name, "n=1"),
            DateTimeOffset.UtcNow, 0.1, Support.Records.Json("1"), null);
        var died = new PointRecord(experiment.Name, "n=2", 1, 0, 1, PointStatus.Started, seed, DateTimeOffset.UtcNow, null, null, null);
        using (var log = new PointRecordAppender(file))
        {
            log.Append(before with { Status = PointStatus.Started, Duration = null, Result = null });
            log.Append(before);
            log.Append(died);
        }

        var result = await WorkerProcesses.RunAsync(app, ["--experiments-worker", "--plan", path, "--store", Store, "--task", "0"]);

        Assert.Equal(WorkerExitCodes.Success, result.ExitCode);
        var records = StoreRecords.Read(Store);
        records.AssertConsistent(app.Experiments);
        Assert.Equal(2, records.Of(experiment.Name, "n=1").Count); // the two records written before: not run again
        var n2 = records.Finals(experiment.Name, "n=2");
        Assert.Equal([(1, PointStatus.Failed), (2, PointStatus.Succeeded)], n2.Select(r => (r.Attempt, r.Status)));
        Assert.Equal(ErrorKind.Crash, n2[0].Error!.Kind);
        Assert.Contains("found when the task was resumed", n2[0].Error!.Message);
        Assert.Single(plan.Tasks);
    }

    [Fact]
    public async Task SIGTERM_cancels_the_running_point_which_is_recorded_as_cancelled_and_not_counted()
    {
        var (_, path) = app.WritePlan(_run.Path, 8, "Sweeps.Long.Wait");
        using var worker = WorkerProcesses.Start(app, ["--experiments-worker", "--plan", path, "--store", Store, "--task", "0"]);
        await WorkerProcesses.ReadUntilAsync(worker, l => l == WorkerProtocol.Started(0, 2, 1));

        Assert.True(PosixSignals.Terminate(worker.Id));
        await worker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(WorkerExitCodes.Cancelled, worker.ExitCode);
        var records = StoreRecords.Read(Store);
        records.AssertConsistent(app.Experiments);
        var cancelled = Assert.Single(records.Finals("Sweeps.Long.Wait", "replicate=2"));
        Assert.Equal(ErrorKind.Cancelled, cancelled.Error!.Kind);
        Assert.False(cancelled.CountsAsFailedAttempt);
        Assert.Empty(records.Of("Sweeps.Long.Wait", "replicate=3")); // nothing started after the stop
    }

    [Fact]
    public async Task In_serve_mode_closing_stdin_lets_the_running_point_finish_and_starts_no_other()
    {
        var (_, path) = app.WritePlan(_run.Path, 3, "Sweeps.Slow.Sleep");
        using var worker = WorkerProcesses.Start(app, ["--experiments-worker", "--serve", "--plan", path, "--store", Store]);
        await WorkerProcesses.ReadUntilAsync(worker, l => l == "ready");
        await worker.StandardInput.WriteLineAsync("0");
        await worker.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        await WorkerProcesses.ReadUntilAsync(worker, l => l == WorkerProtocol.Started(0, 1, 1)); // the 5 s point, timing out after 1 s

        worker.StandardInput.Close();
        var rest = await worker.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await worker.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(WorkerExitCodes.Success, worker.ExitCode);
        Assert.Equal(WorkerProtocol.Recorded(0, 1, 1, PointStatus.Failed), rest.Trim());
        var records = StoreRecords.Read(Store);
        Assert.Equal(ErrorKind.Timeout, Assert.Single(records.Finals("Sweeps.Slow.Sleep", "milliseconds=5000")).Error!.Kind);
        Assert.Empty(records.Of("Sweeps.Slow.Sleep", "milliseconds=20"));
    }

    [Fact]
    public async Task In_serve_mode_tasks_run_one_after_another_as_they_arrive()
    {
        var (_, path) = app.WritePlan(_run.Path, 1, "Sweeps.Failing.Throw");
        using var worker = WorkerProcesses.Start(app, ["--experiments-worker", "--serve", "--plan", path, "--store", Store]);

        await worker.StandardInput.WriteLineAsync("2");
        await worker.StandardInput.WriteLineAsync("0");
        await worker.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        await WorkerProcesses.ReadUntilAsync(worker, l => l == WorkerProtocol.Done(2));
        var next = await WorkerProcesses.ReadUntilAsync(worker, l => l.StartsWith("started", StringComparison.Ordinal));
        await WorkerProcesses.ReadUntilAsync(worker, l => l == WorkerProtocol.Done(0));
        worker.StandardInput.Close();
        await worker.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(WorkerExitCodes.Success, worker.ExitCode);
        Assert.Equal(WorkerProtocol.Started(0, 0, 1), next);
        var records = StoreRecords.Read(Store);
        Assert.Equal([0, 0, 2, 2], records.All.Select(r => r.Task).Order());
        Assert.Empty(records.Of("Sweeps.Failing.Throw", "x=2"));
    }
}
