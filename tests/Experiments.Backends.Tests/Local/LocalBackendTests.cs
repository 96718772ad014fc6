using Experiments.Backends.Local;
using Experiments.Backends.Tests.Support;
using Experiments.Schema;

namespace Experiments.Backends.Tests.Local;

/// <summary>The local backend running the Sweeps fixture's experiments in two worker processes.</summary>
[Collection(SweepsCollection.Name)]
public sealed class LocalBackendTests(SweepsApp app)
{
    private const string Sum = "Sweeps.Arithmetic.Sum";
    private const string Print = "Sweeps.Arithmetic.Print";

    [Fact]
    public async Task All_points_succeed_once_with_the_registrys_keys_and_seeds()
    {
        await using var run = new LocalRuns(app);

        var status = await run.RunAsync(5, Sum, Print);

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var sum = app.Experiment(Sum);
        for (long index = 0; index < sum.PointCount; index++)
        {
            var record = records.SucceededOnce(Sum, sum.KeyOf(index));
            Assert.Equal(index, record.Index);
            Assert.Equal(record.Seed, record.Result!.Value.GetProperty("seed").GetInt32());
            Assert.Equal(1, record.Attempt);
        }
        Assert.Null(records.SucceededOnce(Print, "side=left").Result);
        Assert.Null(records.SucceededOnce(Print, "side=right").Result);
        Assert.DoesNotContain(records.All, r => r.Status == PointStatus.Failed);
        Assert.Equal(4, status.Count(TaskState.Succeeded)); // 12 points in tasks of 4 and 2 points in one
        Assert.Equal(status.Total, status.Count(TaskState.Succeeded));
        Assert.Null(status.Message);
    }

    [Fact]
    public async Task What_user_code_prints_goes_to_the_workers_log()
    {
        await using var run = new LocalRuns(app);

        await run.RunAsync(1, Print);

        var logs = run.Logs();
        Assert.Contains("Sweeps.Arithmetic.Print says left", logs);
        Assert.Contains("Sweeps.Arithmetic.Print says right", logs);
        Assert.DoesNotContain("stdout:", logs); // nothing but protocol lines reached stdout
    }

    [Fact]
    public async Task A_throwing_point_is_failed_with_its_exception_and_tried_exactly_Retries_plus_one_times()
    {
        await using var run = new LocalRuns(app);

        await run.RunAsync(3, "Sweeps.Failing.Throw");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var failures = records.Finals("Sweeps.Failing.Throw", "x=2");
        Assert.Equal([1, 2, 3], failures.Select(r => r.Attempt));
        Assert.All(failures, f =>
        {
            Assert.Equal(PointStatus.Failed, f.Status);
            Assert.Equal(ErrorKind.Exception, f.Error!.Kind);
            Assert.Equal("System.InvalidOperationException", f.Error.Type);
            Assert.Equal("x=2 always fails", f.Error.Message);
            Assert.Contains("Sweeps.Failing.Throw", f.Error.Detail);
        });
        Assert.Equal(10, records.SucceededOnce("Sweeps.Failing.Throw", "x=1").Result!.Value.GetInt32());
        Assert.Equal(30, records.SucceededOnce("Sweeps.Failing.Throw", "x=3").Result!.Value.GetInt32());
    }

    [Fact]
    public async Task A_flaky_point_succeeds_on_its_second_attempt()
    {
        await using var run = new LocalRuns(app);

        await run.RunAsync(2, "Sweeps.Flaky.SecondTime");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        foreach (var key in new[] { "n=1", "n=2" })
        {
            var finals = records.Finals("Sweeps.Flaky.SecondTime", key);
            Assert.Equal([(1, PointStatus.Failed), (2, PointStatus.Succeeded)], finals.Select(r => (r.Attempt, r.Status)));
            Assert.Equal("System.TimeoutException", finals[0].Error!.Type);
            Assert.Equal(2, finals[1].Result!.Value.GetInt32());
        }
    }

    [Fact]
    public async Task A_point_past_its_timeout_is_recorded_as_timeout_and_the_tasks_other_points_still_run()
    {
        await using var run = new LocalRuns(app);

        var status = await run.RunAsync(3, "Sweeps.Slow.Sleep");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var timeout = Assert.Single(records.Finals("Sweeps.Slow.Sleep", "milliseconds=5000"));
        Assert.Equal(PointStatus.Failed, timeout.Status);
        Assert.Equal(ErrorKind.Timeout, timeout.Error!.Kind);
        Assert.Contains("ran past its timeout of 1 s", timeout.Error.Message);
        Assert.Equal(10, records.SucceededOnce("Sweeps.Slow.Sleep", "milliseconds=10").Result!.Value.GetInt32());
        Assert.Equal(20, records.SucceededOnce("Sweeps.Slow.Sleep", "milliseconds=20").Result!.Value.GetInt32());
        Assert.Equal(1, status.Count(TaskState.Succeeded));
    }

    [Fact]
    public async Task A_point_that_ignores_its_timeout_is_recorded_as_timeout_and_a_new_worker_runs_the_rest()
    {
        await using var run = new LocalRuns(app, parallelism: 1);

        var status = await run.RunAsync(3, "Sweeps.Slow.Runaway");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var timeout = Assert.Single(records.Finals("Sweeps.Slow.Runaway", "step=stuck"));
        Assert.Equal(ErrorKind.Timeout, timeout.Error!.Kind);
        Assert.Contains("did not stop", timeout.Error.Message);
        Assert.Equal("before", records.SucceededOnce("Sweeps.Slow.Runaway", "step=before").Result!.Value.GetString());
        Assert.Equal("after", records.SucceededOnce("Sweeps.Slow.Runaway", "step=after").Result!.Value.GetString());
        Assert.Equal(2, CountOccurrences(run.Logs(), "--- worker process")); // the stuck worker exited and was replaced
        Assert.Equal(1, status.Count(TaskState.Succeeded));
    }

    [Fact]
    public async Task A_point_that_fails_fast_is_recorded_as_a_crash_with_exit_code_and_stderr_and_the_others_still_run()
    {
        await using var run = new LocalRuns(app);

        var status = await run.RunAsync(3, "Sweeps.Crashing.FailFast");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var crashes = records.Finals("Sweeps.Crashing.FailFast", "p=2");
        Assert.Equal([1, 2], crashes.Select(r => r.Attempt)); // Retries = 1
        Assert.All(crashes, c =>
        {
            Assert.Equal(ErrorKind.Crash, c.Error!.Kind);
            Assert.Equal(134, c.Error.ExitCode);
            Assert.Contains("exited with code 134 (SIGABRT", c.Error.Message);
            Assert.Contains("deliberate crash at p=2", c.Error.Detail);
        });
        Assert.Equal(1, records.SucceededOnce("Sweeps.Crashing.FailFast", "p=1").Result!.Value.GetInt32());
        Assert.Equal(3, records.SucceededOnce("Sweeps.Crashing.FailFast", "p=3").Result!.Value.GetInt32());
        Assert.Equal(1, status.Count(TaskState.Succeeded));
    }

    [Fact]
    public async Task A_point_that_exits_the_process_or_overflows_the_stack_is_recorded_as_a_crash()
    {
        await using var run = new LocalRuns(app);

        await run.RunAsync(3, "Sweeps.Crashing.Exit", "Sweeps.Crashing.StackOverflow");

        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        var exit = Assert.Single(records.Finals("Sweeps.Crashing.Exit", "p=2"));
        Assert.Equal(ErrorKind.Crash, exit.Error!.Kind);
        Assert.Equal(3, exit.Error.ExitCode);
        var overflow = Assert.Single(records.Finals("Sweeps.Crashing.StackOverflow", "p=2"));
        Assert.Equal(ErrorKind.Crash, overflow.Error!.Kind);
        Assert.Contains("Stack overflow", overflow.Error.Detail);
        foreach (var experiment in new[] { "Sweeps.Crashing.Exit", "Sweeps.Crashing.StackOverflow" })
        {
            records.SucceededOnce(experiment, "p=1");
            records.SucceededOnce(experiment, "p=3");
        }
    }

    [Fact]
    public async Task Cancelling_keeps_finished_records_records_running_points_as_cancelled_and_leaves_no_worker_processes()
    {
        await using var run = new LocalRuns(app);
        var (plan, path) = app.WritePlan(run.RunDirectory, 1, "Sweeps.Long.Wait");
        var submission = await run.SubmitAsync(plan, path);
        await WaitUntilAsync(() => run.Records().All.Count(r => r.Status == PointStatus.Started && r.Index >= 2) == 2, run);

        await run.Backend.CancelAsync(submission, CancellationToken.None);

        var status = await run.Backend.PollAsync(submission, CancellationToken.None);
        Assert.True(status.Finished);
        Assert.Empty(WorkerProcesses.Alive(run.RunDirectory));
        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        records.SucceededOnce("Sweeps.Long.Wait", "replicate=0");
        records.SucceededOnce("Sweeps.Long.Wait", "replicate=1");
        var cancelled = records.All.Where(r => r.Status == PointStatus.Failed).ToArray();
        Assert.Equal(2, cancelled.Length);
        Assert.All(cancelled, c => Assert.Equal(ErrorKind.Cancelled, c.Error!.Kind));
        Assert.Equal(2, status.Count(TaskState.Succeeded));
        Assert.Equal(6, status.Count(TaskState.Cancelled));
    }

    [Fact]
    public async Task Ctrl_C_reaching_the_workers_stops_the_run_like_a_cancel()
    {
        await using var run = new LocalRuns(app);
        var (plan, path) = app.WritePlan(run.RunDirectory, 1, "Sweeps.Long.Wait");
        var submission = await run.SubmitAsync(plan, path);
        await WaitUntilAsync(() => run.Records().All.Count(r => r.Status == PointStatus.Started && r.Index >= 2) == 2, run);

        foreach (var worker in WorkerProcesses.Alive(run.RunDirectory))
            WorkerProcesses.Interrupt(worker);
        var status = await run.WaitAsync(submission);

        Assert.Empty(WorkerProcesses.Alive(run.RunDirectory));
        var records = run.Records();
        records.AssertConsistent(app.Experiments);
        Assert.Equal(2, records.All.Count(r => r.Status == PointStatus.Succeeded));
        Assert.All(records.All.Where(r => r.Status == PointStatus.Failed), r => Assert.Equal(ErrorKind.Cancelled, r.Error!.Kind));
        Assert.Equal(6, status.Count(TaskState.Cancelled)); // the two that ran and four never started: no worker was restarted
    }

    [Fact]
    public async Task Artifacts_go_to_a_folder_of_each_point_under_the_store()
    {
        await using var run = new LocalRuns(app);

        await run.RunAsync(2, "Sweeps.Artifacts.Write");

        var records = run.Records();
        foreach (var name in new[] { "one", "two" })
        {
            var key = $"name={name}";
            var file = records.SucceededOnce("Sweeps.Artifacts.Write", key).Result!.Value.GetString()!;
            Assert.StartsWith(Path.Combine(run.RunDirectory, PointRecordFiles.ArtifactsFolder) + Path.DirectorySeparatorChar, file);
            Assert.Equal(key, File.ReadAllText(file));
        }
    }

    [Fact]
    public async Task Running_a_plan_again_in_the_same_store_skips_what_succeeded()
    {
        await using var run = new LocalRuns(app);
        var (plan, path) = app.WritePlan(run.RunDirectory, 4, Sum, "Sweeps.Failing.Throw");
        await run.WaitAsync(await run.SubmitAsync(plan, path));
        var first = run.Records().All.Count;

        var again = await run.WaitAsync(await run.SubmitAsync(plan, path));

        Assert.Equal(first, run.Records().All.Count); // succeeded points skipped, failed ones out of attempts
        Assert.Equal(again.Total, again.Count(TaskState.Succeeded));
    }

    [Fact]
    public async Task A_plan_made_for_another_build_fails_the_submission_with_the_reason()
    {
        await using var run = new LocalRuns(app);
        var (plan, _) = app.WritePlan(run.RunDirectory, 10, Sum);
        var stale = plan with { Experiments = [plan.Experiments[0] with { GridHash = "ffffffffffffffff" }] };
        var path = Path.Combine(run.RunDirectory, "stale-plan.json");
        RunPlanJson.WriteFile(stale, path);

        var status = await run.WaitAsync(await run.SubmitAsync(stale, path));

        Assert.Contains("differs from the plan's (hash ffffffffffffffff", status.Message);
        Assert.Equal(status.Total, status.Count(TaskState.Failed));
        Assert.Empty(run.Records().All);
    }

    [Fact]
    public async Task A_submission_from_another_process_is_reported_as_unknown_not_running()
    {
        await using var run = new LocalRuns(app);
        var foreign = new Submission("local", "local-elsewhere", "r", "p", run.RunDirectory, ["12345"], [0, 1, 2], DateTimeOffset.UtcNow,
            new Dictionary<string, string> { ["controllerProcessId"] = "12345" });

        var status = await run.Backend.PollAsync(foreign, CancellationToken.None);

        Assert.True(status.Finished);
        Assert.Equal(3, status.Count(TaskState.Unknown));
        Assert.Equal(0, status.Count(TaskState.Running));
        Assert.Contains("process 12345", status.Message);
    }

    [Fact]
    public async Task A_submission_from_another_process_whose_workers_are_still_alive_is_running_until_they_end()
    {
        await using var run = new LocalRuns(app);
        var foreign = new Submission("local", "local-elsewhere", "r", "p", run.RunDirectory, ["12345"], [0, 1], DateTimeOffset.UtcNow,
            new Dictionary<string, string> { ["controllerProcessId"] = "12345" });
        // A process whose command line is a worker's for this store, as a worker still stopping after its tool died (a
        // second command keeps bash from replacing itself with sleep, and so keeps the command line).
        using var worker = System.Diagnostics.Process.Start("bash",
            ["-c", "sleep 60; exit 0", "app.dll", Experiments.Worker.WorkerOptions.WorkerFlag, "--serve", "--plan", "plan.json", "--store", run.RunDirectory]);
        try
        {
            var status = await run.Backend.PollAsync(foreign, CancellationToken.None);

            Assert.False(status.Finished);
            Assert.Equal(1, status.Count(TaskState.Running));
            Assert.Contains($"({worker.Id}) are still stopping", status.Message);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        Assert.True((await run.Backend.PollAsync(foreign, CancellationToken.None)).Finished);
    }

    [Fact]
    public void Packing_aims_at_several_tasks_per_worker()
    {
        var backend = new LocalBackend(new LocalBackendOptions { Parallelism = 2 });

        Assert.Equal(1, backend.DefaultPointsPerTask(app.Experiment(Sum), null)); // 12 points, 16 tasks wanted
        Assert.Equal(1000, backend.DefaultPointsPerTask(Descriptors.WithPoints("Big", 1_000_000), null));
        Assert.Equal(500, backend.DefaultPointsPerTask(Descriptors.WithPoints("Big", 1_000_000), TimeSpan.FromMilliseconds(10)));
        Assert.Equal(BackendLimits.Unlimited, backend.Limits);
    }

    private static int CountOccurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private static async Task WaitUntilAsync(Func<bool> condition, LocalRuns run)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
                throw new global::Xunit.Sdk.XunitException($"Timed out waiting.\n{run.Logs()}\n{run.Records().Dump()}");
            await Task.Delay(50);
        }
    }
}
