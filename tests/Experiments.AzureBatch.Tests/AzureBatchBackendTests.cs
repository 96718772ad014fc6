using System.Globalization;
using Experiments.AzureBatch.Tests.Support;
using Experiments.Backends;
using Experiments.Backends.AzureBatch;
using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends.Cloud;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.AzureBatch.Tests;

/// <summary>
/// The backend against the emulator (every request checked against the definition) with its plan and store in Azurite;
/// the emulator's hook plays the nodes and notes which task ran with which environment.
/// </summary>
public sealed class AzureBatchBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_is_one_job_whose_tasks_each_run_once_with_the_runs_environment_and_then_it_finishes()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var root = await AzuriteContainer.NewStoreRootAsync();
        await using var backend = Backend(batch, root);
        var plan = Plans.Plan(250, pointsPerTask: 1);

        var submission = await backend.SubmitAsync(Plans.Request(plan, resources: ExperimentResources.Default with { Timeout = TimeSpan.FromSeconds(10) }), Ct);
        var status = await PollUntilFinishedAsync(backend, submission);

        batch.AssertNoViolations();
        Assert.Equal(250, status.Count(TaskState.Succeeded));
        Assert.Equal(["Job_Add", .. Enumerable.Repeat("Task_AddCollection", 3), "Job_Patch"],
            batch.Emulator.Requests.Select(r => r.Operation ?? "").Where(o => o is not ("Job_GetTaskCounts" or "Job_Get" or "Task_List")).ToArray());
        var job = Assert.Single(submission.JobIds);
        Assert.Equal(job, submission.Id);
        Assert.StartsWith("exp-20250101-120000-abcd-0-", job);
        var run = CloudRunLocation.For(root, plan.RunId);
        Assert.Equal(run.Display, submission.Store);
        Assert.Equal(Enumerable.Range(0, 250), batch.Attempts.Select(a => int.Parse(a.TaskId, CultureInfo.InvariantCulture)).Order());
        Assert.All(batch.Attempts, a =>
        {
            Assert.Equal(a.TaskId, a.Environment["EXPERIMENTS_TASK_INDEX"]);
            Assert.Equal(run.Plan.ToString(), a.Environment["EXPERIMENTS_PLAN"]);
            Assert.Equal(run.Store.ToString(), a.Environment["EXPERIMENTS_STORE"]);
            Assert.Equal("127.0.0.1:5000/experiments/app:pkg0123", a.ImageName);
            Assert.Equal("", a.CommandLine); // the image's entry point, the worker
            Assert.Equal([], a.Arguments);
        });
        // The plan is beside the records, written before any task started.
        using var store = ObjectStores.Open(run.Store, AzuriteContainer.StoreOptions);
        Assert.Equal(plan.Tasks.Count, (await CloudRunFiles.ReadPlanAsync(store, Ct))!.Tasks.Count);
        // Nothing secret in what the journal keeps.
        Assert.DoesNotContain(submission.Properties.Values, v => v.Contains(BatchEmulator.AccountKey, StringComparison.Ordinal) || v.Contains(AzuriteContainer.DevelopmentKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_failing_its_first_attempt_is_retried_and_the_sweep_completes_with_every_task_succeeding_once()
    {
        await using var batch = await BatchEmulator.StartAsync();
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync());
        batch.Emulator.Faults.FailFirstAttemptOf("3", "17");

        var submission = await backend.SubmitAsync(Plans.Request(Plans.Plan(40)), Ct);
        var status = await PollUntilFinishedAsync(backend, submission);

        batch.AssertNoViolations();
        Assert.Equal(40, status.Count(TaskState.Succeeded));
        Assert.Equal(0, status.Count(TaskState.Failed));
        // The hook sees only attempts that ran: every task once (attempt 2 for the two the fault killed).
        Assert.Equal(Enumerable.Range(0, 40), batch.Attempts.Select(a => int.Parse(a.TaskId, CultureInfo.InvariantCulture)).Order());
        Assert.Equal(["17", "3"], batch.Attempts.Where(a => a.Attempt == 2).Select(a => a.TaskId).Order());
    }

    [Fact]
    public async Task Throttling_server_errors_and_a_dropped_applied_collection_still_add_every_task_exactly_once()
    {
        await using var batch = await BatchEmulator.StartAsync();
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync());
        batch.Emulator.Faults.ThrottleNext(1, TimeSpan.FromSeconds(1));
        batch.Emulator.Faults.DropNext("POST", "/addtaskcollection", applyFirst: true);

        var submitting = backend.SubmitAsync(Plans.Request(Plans.Plan(450)), Ct);
        batch.Emulator.Faults.FailNext(2, 500);
        var submission = await submitting;
        batch.Emulator.Faults.FailNext(1, 503);
        var status = await PollUntilFinishedAsync(backend, submission);

        batch.AssertNoViolations();
        Assert.Equal(450, status.Count(TaskState.Succeeded));
        Assert.Equal(Enumerable.Range(0, 450), batch.Attempts.Select(a => int.Parse(a.TaskId, CultureInfo.InvariantCulture)).Order());
        var statuses = batch.Emulator.Requests.Select(r => r.Status).ToArray();
        Assert.Contains(429, statuses);
        Assert.Contains(0, statuses);
        Assert.Contains(503, statuses);
    }

    [Fact]
    public async Task Failed_tasks_are_counted_and_named_with_their_exit_codes()
    {
        await using var batch = await BatchEmulator.StartAsync();
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync(), maxTaskRetryCount: 0);
        batch.ExitCode = task => task.TaskId == "2" ? 3 : 0;

        var submission = await backend.SubmitAsync(Plans.Request(Plans.Plan(5)), Ct);
        var status = await PollUntilFinishedAsync(backend, submission);

        Assert.Equal((4, 1), (status.Count(TaskState.Succeeded), status.Count(TaskState.Failed)));
        Assert.Contains("1 Azure Batch task(s) failed: task 2", status.Message);
        Assert.Contains("task 2 exit code 3 (FailureExitCode", status.Message);
        Assert.Equal(1, batch.Calls("Task_List"));
        batch.AssertNoViolations();
    }

    [Fact]
    public async Task An_auto_pool_job_creates_its_pool_and_the_pool_goes_with_the_job()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var root = await AzuriteContainer.NewStoreRootAsync();
        batch.TaskDuration = TimeSpan.FromMilliseconds(300);
        var options = Options(batch, root) with
        {
            PoolId = null,
            AutoPool = new AutoPoolOptions { VmSize = "Standard_D4s_v3", NodeCount = 1, TaskSlotsPerNode = 4 },
            RegistryIdentity = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull",
        };
        await using var backend = new AzureBatchBackend(options, batch.Client(), storeOptions: AzuriteContainer.StoreOptions);

        var submission = await backend.SubmitAsync(Plans.Request(Plans.Plan(6), resources: ExperimentResources.Default with { Cpus = 2 }), Ct);
        var poolWhileRunning = Assert.Single(batch.Emulator.Pools);
        var status = await PollUntilFinishedAsync(backend, submission);

        batch.AssertNoViolations();
        Assert.StartsWith("experiments_", poolWhileRunning);
        Assert.Equal(6, status.Count(TaskState.Succeeded));
        Assert.Empty(batch.Emulator.Pools);
        Assert.Equal(AzureBatchSubmissionFacts.AutoPool, submission.Properties["pool"]);
        Assert.Equal(poolWhileRunning, batch.Attempts[0].Environment["AZ_BATCH_POOL_ID"]);
    }

    [Fact]
    public async Task Cancel_terminates_the_job_and_tasks_not_run_count_as_cancelled()
    {
        await using var batch = await BatchEmulator.StartAsync(parallelism: 1);
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync());
        batch.TaskDuration = TimeSpan.FromSeconds(30);
        var submission = await backend.SubmitAsync(Plans.Request(Plans.Plan(5)), Ct);
        await WaitAsync(() => batch.Attempts.Count > 0);

        await backend.CancelAsync(submission, Ct);
        var status = await backend.PollAsync(submission, Ct);

        batch.AssertNoViolations();
        Assert.Equal(1, batch.Calls("Job_Terminate"));
        Assert.True(status.Finished);
        Assert.Equal(5, status.Count(TaskState.Cancelled) + status.Count(TaskState.Failed));
        Assert.Equal(0, status.Count(TaskState.Running) + status.Count(TaskState.Pending));
        // A second cancel (another process) finds the job already completed.
        await backend.CancelAsync(submission, Ct);
    }

    [Fact]
    public async Task A_worker_that_dies_inside_a_point_on_the_last_attempt_gets_that_attempt_ended_as_a_crash()
    {
        await using var batch = await BatchEmulator.StartAsync();
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync(), maxTaskRetryCount: 1);
        batch.CrashingTasks[2] = true;
        var submission = await backend.SubmitAsync(Plans.Request(Plans.Plan(4, runId: "20250101-120000-c0de")), Ct);

        var status = await PollUntilFinishedAsync(backend, submission);
        using var store = backend.OpenStore(submission);
        var read = await store.ReadNewAsync(Ct);

        Assert.Equal(1, status.Count(TaskState.Failed));
        Assert.Empty(read.Problems);
        // Both attempts started the point and died in it; the tool ended each (Batch will not run the task again).
        var point = read.Records.Where(r => r.Task == 2).ToArray();
        Assert.Equal([1, 2], point.Where(r => r.Status == PointStatus.Started).Select(r => r.Attempt));
        var ends = point.Where(r => r.Status == PointStatus.Failed).ToArray();
        Assert.Equal([1, 2], ends.Select(r => r.Attempt).Order());
        Assert.All(ends, r => Assert.Equal(ErrorKind.Crash, r.Error!.Kind));
        Assert.All(ends, r => Assert.Contains("Azure Batch task 2 stopped while running this point", r.Error!.Message, StringComparison.Ordinal));
        batch.AssertNoViolations();
    }

    [Fact]
    public async Task Status_cancel_and_logs_work_from_another_process_with_only_the_journal_and_the_config()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var root = await AzuriteContainer.NewStoreRootAsync();
        Submission submission;
        await using (var first = Backend(batch, root))
            submission = await first.SubmitAsync(Plans.Request(Plans.Plan(8), tasks: [4, 5, 6, 7]), Ct);
        var journaled = System.Text.Json.JsonSerializer.Deserialize<Submission>(System.Text.Json.JsonSerializer.Serialize(submission))!;
        await using var second = Backend(batch, root);

        var status = await PollUntilFinishedAsync(second, journaled);
        var logs = await second.FindLogsAsync(journaled, [4, 7, 1], Ct);
        using var store = second.OpenStore(journaled);

        Assert.Equal(4, status.Count(TaskState.Succeeded));
        Assert.Equal(["4", "5", "6", "7"], batch.Attempts.Select(a => a.TaskId).Order());
        Assert.Equal(
            [$"{batch.Endpoint}jobs/{submission.Id}/tasks/4/files/stdout.txt", $"{batch.Endpoint}jobs/{submission.Id}/tasks/4/files/stderr.txt",
             $"{batch.Endpoint}jobs/{submission.Id}/tasks/7/files/stdout.txt", $"{batch.Endpoint}jobs/{submission.Id}/tasks/7/files/stderr.txt"],
            logs.Select(l => l.Where));
        // The text is fetched from the node (File_GetFromTask), each file with what the task printed to it.
        Assert.Equal(
            ["task 4 attempt 1 says hello on stdout\n", "task 4 attempt 1 says hello on stderr\n",
             "task 7 attempt 1 says hello on stdout\n", "task 7 attempt 1 says hello on stderr\n"],
            logs.Select(l => l.Text));
        Assert.Equal(4, batch.Calls("File_GetFromTask"));
        Assert.Equal(CloudRunLocation.For(root, journaled.RunId).Display, store.Location.TrimEnd('/'));
        batch.AssertNoViolations();
    }

    [Fact]
    public async Task Polling_costs_one_task_count_call_per_job_while_tasks_run()
    {
        await using var batch = await BatchEmulator.StartAsync(parallelism: 4);
        await using var backend = Backend(batch, await AzuriteContainer.NewStoreRootAsync());
        batch.TaskDuration = TimeSpan.FromSeconds(5);
        var first = await backend.SubmitAsync(Plans.Request(Plans.Plan(4), tasks: [0, 1]), Ct);
        var second = await backend.SubmitAsync(Plans.Request(Plans.Plan(4), tasks: [2, 3]), Ct);
        await WaitAsync(() => batch.Attempts.Count == 4);
        var before = batch.Emulator.Requests.Count;

        var statuses = await backend.PollAllAsync([first, second], Ct);

        Assert.Equal(2, batch.Emulator.Requests.Count - before);
        Assert.Equal(2, batch.Emulator.Requests.Skip(before).Count(r => r.Operation == "Job_GetTaskCounts"));
        Assert.Equal(4, statuses.Sum(s => s.Count(TaskState.Running)));
        Assert.All(statuses, s => Assert.False(s.Finished));
        await backend.CancelAsync(first, Ct);
        await backend.CancelAsync(second, Ct);
    }

    [Fact]
    public async Task A_submission_whose_tasks_cannot_be_added_removes_its_job()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var root = await AzuriteContainer.NewStoreRootAsync();
        var options = Options(batch, root);
        await using var backend = new AzureBatchBackend(options, new NoTasks(batch.Client()), storeOptions: AzuriteContainer.StoreOptions);

        var error = await Assert.ThrowsAsync<AzureBatchException>(() => backend.SubmitAsync(Plans.Request(Plans.Plan(3)), Ct));

        Assert.Contains("did not add 3 of 3 tasks", error.Message);
        Assert.Equal(1, batch.Calls("Job_Delete"));
        Assert.Empty(batch.Emulator.JobIds);
    }

    [Fact]
    public async Task A_submission_whose_retries_run_out_without_an_answer_removes_its_half_added_job()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var root = await AzuriteContainer.NewStoreRootAsync();
        await using var backend = new AzureBatchBackend(Options(batch, root), batch.Client(maxRetries: 2), storeOptions: AzuriteContainer.StoreOptions);
        // Every try of the task collection loses its connection: Azure.Core gives up with AggregateException("Retry failed after 3 tries").
        for (var i = 0; i < 3; i++)
            batch.Emulator.Faults.DropNext("POST", "/addtaskcollection", applyFirst: false);

        var error = await Assert.ThrowsAsync<AzureBatchException>(() => backend.SubmitAsync(Plans.Request(Plans.Plan(3)), Ct));

        Assert.Contains("Task_AddCollection", error.Message);
        Assert.Contains("no answer after 3 tries", error.Message);
        Assert.Equal(3, batch.Emulator.Requests.Count(r => r.Operation == "Task_AddCollection" && r.Status == 0));
        Assert.Equal(1, batch.Calls("Job_Delete"));
        Assert.Empty(batch.Emulator.JobIds);
    }

    [Fact]
    public async Task A_sas_on_the_store_is_the_tools_alone_and_reaches_neither_batch_nor_the_tasks_nor_the_journal()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var root = await AzuriteContainer.NewStoreRootAsync();
        var sas = AzuriteContainer.ContainerSas(root);
        var signature = Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        await using var backend = new AzureBatchBackend(Options(batch, new Uri($"{root}?{sas}")), batch.Client(),
            storeOptions: new ObjectStoreOptions { Environment = _ => null });
        var plan = Plans.Plan(4);

        var submission = await backend.SubmitAsync(Plans.Request(plan), Ct);
        await PollUntilFinishedAsync(backend, submission);
        using var store = ObjectStores.Open(new Uri($"{CloudRunLocation.For(root, plan.RunId).Store}?{sas}"));

        // The SAS worked for the tool: the plan is in the store.
        Assert.NotNull(await CloudRunFiles.ReadPlanAsync(store, Ct));
        Assert.All(batch.Attempts, a => Assert.Equal(CloudRunLocation.For(root, plan.RunId).Store.ToString(), a.Environment["EXPERIMENTS_STORE"]));
        var secrets = new[] { signature, Uri.EscapeDataString(signature), sas, AzuriteContainer.DevelopmentKey, BatchEmulator.AccountKey };
        foreach (var request in batch.Emulator.Requests)
        {
            var text = System.Text.Encoding.UTF8.GetString(request.Body) + request.Query;
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(submission.Properties.Values.Append(submission.Store), v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal)));
        Assert.All(batch.Attempts, a => Assert.DoesNotContain(a.Environment.Values, v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal))));
    }

    [Fact]
    public void Points_per_task_make_whole_waves_of_an_auto_pools_slots()
    {
        var root = new Uri("https://a.blob.core.windows.net/results/r");
        var pooled = new AzureBatchBackend(new AzureBatchOptions
        {
            Endpoint = new Uri("https://a.westeurope.batch.azure.com"), Store = root, Image = new() { Registry = "r.azurecr.io", Repository = "x" },
            AutoPool = new AutoPoolOptions { VmSize = "Standard_D4s_v3", NodeCount = 5, TaskSlotsPerNode = 4 },
        }, new DelegatingClient(null!));

        Assert.Equal(250, pooled.DefaultPointsPerTask(Plans.Experiment("E", 10_000), null)); // 40 tasks: two waves of 20 slots
        Assert.Equal(3, pooled.DefaultPointsPerTask(Plans.Experiment("E", 50), null)); // 17 tasks: one wave
    }

    private static AzureBatchOptions Options(BatchEmulator batch, Uri root, int maxTaskRetryCount = 1) => new()
    {
        Endpoint = batch.Endpoint,
        Store = root,
        PoolId = BatchEmulator.PoolId,
        Image = new() { Registry = "127.0.0.1:5000", Repository = "experiments/app", PlainHttp = true },
        MaxTaskRetryCount = maxTaskRetryCount,
    };

    private static AzureBatchBackend Backend(BatchEmulator batch, Uri root, int maxTaskRetryCount = 1) =>
        new(Options(batch, root, maxTaskRetryCount), batch.Client(), storeOptions: AzuriteContainer.StoreOptions);

    private static async Task<SubmissionStatus> PollUntilFinishedAsync(IExperimentBackend backend, Submission submission)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await backend.PollAsync(submission, limit.Token);
            if (status.Finished)
                return status;
            await Task.Delay(100, limit.Token);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(50, limit.Token);
    }

    /// <summary>Batch refuses every task (as it would a task the pool cannot run).</summary>
    private sealed class NoTasks(IAzureBatchClient inner) : DelegatingClient(inner)
    {
        public override Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default) =>
            Task.FromResult(new TaskAddCollectionResult(tasks.Select(t => new TaskAddResult
            {
                Status = "clienterror",
                TaskId = t.Id,
                Error = new BatchError { Code = "InvalidPropertyValue", Message = new ErrorMessage("en-US", "requiredSlots is more than the pool's taskSlotsPerNode") },
            }).ToArray()));
    }
}
