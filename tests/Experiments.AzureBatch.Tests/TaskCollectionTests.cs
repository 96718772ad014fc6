using System.Diagnostics;
using System.Text.Json;
using Experiments.AzureBatch.Tests.Support;
using Experiments.Backends.AzureBatch;
using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends;
using Experiments.Registry;

namespace Experiments.AzureBatch.Tests;

/// <summary>Tasks cut into Task_AddCollection bodies (≤ 100 tasks, &lt; 1 MB), sent several at once, each task's result checked.</summary>
public sealed class TaskCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AzureBatchOptions Options = new()
    {
        Endpoint = new Uri("https://myaccount.westeurope.batch.azure.com"),
        Store = new Uri("https://myaccount.blob.core.windows.net/experiments/results"),
        PoolId = BatchEmulator.PoolId,
        Image = new() { Registry = "127.0.0.1:5000", Repository = "experiments/app" },
    };

    [Fact]
    public void A_250000_point_plan_of_one_point_per_task_is_2500_task_collections_planned_well_under_a_second()
    {
        var plan = Plans.Plan(250_000, pointsPerTask: 1);
        var request = Plans.Request(plan, resources: ExperimentResources.Default with { Timeout = TimeSpan.FromMinutes(2) });

        var clock = Stopwatch.StartNew();
        var sized = new AzureBatchJobSpec(Options).Tasks(request);
        var built = clock.Elapsed;
        var chunks = TaskCollectionChunker.Chunk(sized);
        clock.Stop();
        var tasks = sized.Tasks;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"Planned 250,000 points (1 per task) as {tasks.Count:N0} Azure Batch tasks in {chunks.Count:N0} addtaskcollection calls in {clock.Elapsed.TotalMilliseconds:0.0} ms " +
            $"({built.TotalMilliseconds:0.0} ms making and sizing the tasks, the rest cutting).");

        Assert.Equal(250_000, plan.Tasks.Count);
        Assert.Equal(2_500, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(100, c.Count));
        Assert.Equal(Enumerable.Range(0, 250_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), chunks.SelectMany(c => c).Select(t => t.Id));
        Assert.Equal("PT7M30S", tasks[0].Constraints!.MaxWallClockTime); // (2 min + 30 s grace) × 1 point + 5 min
    }

    [Fact]
    public void The_sizes_the_job_spec_gives_are_the_serialized_sizes()
    {
        var plan = RunPlanner.Plan("r", [PlanSelection.All(Plans.Experiment("A", 1_234)), PlanSelection.All(Plans.Experiment("B", 77))], e => e.Name == "A" ? 7 : 1);
        var request = Plans.Request(plan) with
        {
            Resources = new Dictionary<string, ExperimentResources> { ["A"] = ExperimentResources.Default with { Timeout = TimeSpan.FromSeconds(90) } },
        };

        var sized = new AzureBatchJobSpec(Options with { PoolId = null, AutoPool = new AutoPoolOptions { VmSize = "v", NodeCount = 1, TaskSlotsPerNode = 8 } }).Tasks(request);

        Assert.Equal(sized.Tasks.Select(AzureBatchHttpClient.SerializedSize), sized.Sizes);
        Assert.Equal(plan.Tasks.Count, sized.Tasks.Count);
        Assert.Equal(TaskCollectionChunker.Chunk(sized.Tasks).Select(c => c.Count), TaskCollectionChunker.Chunk(sized).Select(c => c.Count));
    }

    [Fact]
    public void A_big_environment_fills_a_collection_before_100_tasks_and_every_body_stays_under_1_MB()
    {
        var big = new string('x', 30_000);
        var tasks = Enumerable.Range(0, 250).Select(i => AzureBatchClientTests.Task(i) with
        {
            CommandLine = "/bin/sh -c 'echo " + big[..5_000] + "'",
            EnvironmentSettings = [new EnvironmentSetting("BIG", big), new EnvironmentSetting("EXPERIMENTS_TASK_INDEX", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        }).ToArray();

        var chunks = TaskCollectionChunker.Chunk(tasks);

        Assert.All(chunks, c => Assert.True(c.Count < 100, $"{c.Count} tasks"));
        Assert.All(chunks, c => Assert.True(Size(c) < TaskAddCollectionParameter.MaxBytes, $"{Size(c)} bytes"));
        Assert.True(chunks.Max(Size) > 900_000, "collections are filled close to the limit");
        Assert.Equal(250, chunks.Sum(c => c.Count));
    }

    [Fact]
    public async Task Big_tasks_are_accepted_by_the_emulator_in_bodies_under_its_1_MB_limit()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var client = batch.Client();
        await client.AddJobAsync(new JobAddParameter { Id = "job-big", PoolInfo = new PoolInformation { PoolId = "later" } }, Ct);
        var big = new string('y', 40_000);
        var tasks = Enumerable.Range(0, 120).Select(i => AzureBatchClientTests.Task(i) with { EnvironmentSettings = [new EnvironmentSetting("BIG", big)] }).ToArray();

        await new TaskCollectionSubmitter(client, concurrentChunks: 3).AddAsync("job-big", tasks, Ct);

        batch.AssertNoViolations();
        Assert.Equal(TaskCollectionChunker.Chunk(tasks).Count, batch.Calls("Task_AddCollection"));
        Assert.True(batch.Calls("Task_AddCollection") >= 5);
        Assert.All(batch.Emulator.Requests.Where(r => r.Operation == "Task_AddCollection"), r => Assert.Equal(200, r.Status));
        Assert.Equal(120, (await client.GetTaskCountsAsync("job-big", Ct)).Active);
    }

    [Fact]
    public async Task Several_collections_are_in_flight_at_once_but_no_more_than_configured()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var client = new SlowCollections(batch.Client());
        await client.AddJobAsync(new JobAddParameter { Id = "job-parallel", PoolInfo = new PoolInformation { PoolId = "later" } }, Ct);

        await new TaskCollectionSubmitter(client, concurrentChunks: 4).AddAsync("job-parallel", Enumerable.Range(0, 1_000).Select(AzureBatchClientTests.Task).ToArray(), Ct);

        Assert.Equal(4, client.MostInFlight);
        Assert.Equal(10, batch.Calls("Task_AddCollection"));
        Assert.Equal(1_000, (await client.GetTaskCountsAsync("job-parallel", Ct)).Active);
        batch.AssertNoViolations();
    }

    [Fact]
    public async Task A_collection_applied_before_its_connection_dropped_counts_its_TaskExists_as_added_and_every_task_runs_once()
    {
        await using var batch = await BatchEmulator.StartAsync();
        var client = batch.Client();
        await client.AddJobAsync(new JobAddParameter { Id = "job-drop", PoolInfo = new PoolInformation { PoolId = BatchEmulator.PoolId }, OnAllTasksComplete = "noaction" }, Ct);
        batch.Emulator.Faults.DropNext("POST", "/addtaskcollection", applyFirst: true);

        await new TaskCollectionSubmitter(client, concurrentChunks: 2).AddAsync("job-drop", Enumerable.Range(0, 250).Select(AzureBatchClientTests.Task).ToArray(), Ct);
        await client.PatchJobAsync("job-drop", new JobPatchParameter { OnAllTasksComplete = "terminatejob" }, Ct);
        await batch.WaitForJobAsync(client, "job-drop");

        batch.AssertNoViolations();
        var calls = batch.Emulator.Requests.Where(r => r.Operation == "Task_AddCollection").ToArray();
        Assert.Equal(1, calls.Count(r => r.Status == 0)); // the dropped one, sent again by the pipeline
        Assert.Equal(3, calls.Count(r => r.Status == 200)); // the three collections, the dropped one's second try among them
        Assert.Equal(Enumerable.Range(0, 250).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            batch.Attempts.Select(a => a.TaskId).Order());
        Assert.Equal(new TaskCounts(0, 0, 250, 250, 0), await client.GetTaskCountsAsync("job-drop", Ct));
    }

    [Fact]
    public async Task Per_task_refusals_other_than_TaskExists_are_reported_by_task()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var client = batch.Client();
        await client.AddJobAsync(new JobAddParameter { Id = "job-refused", PoolInfo = new PoolInformation { PoolId = "later" } }, Ct);
        var refusing = new RefusingCollections(client, refuse: "7");

        var error = await Assert.ThrowsAsync<AzureBatchException>(() =>
            new TaskCollectionSubmitter(refusing, 2).AddAsync("job-refused", Enumerable.Range(0, 10).Select(AzureBatchClientTests.Task).ToArray(), Ct));

        Assert.Contains("did not add 1 of 10 tasks to job job-refused: task 7: InvalidPropertyValue: refused for the test", error.Message);
        Assert.Equal(9, (await client.GetTaskCountsAsync("job-refused", Ct)).Active);
    }

    [Fact]
    public async Task Per_task_server_errors_are_sent_again()
    {
        await using var batch = await BatchEmulator.StartAsync(addPool: false);
        var client = batch.Client();
        await client.AddJobAsync(new JobAddParameter { Id = "job-server", PoolInfo = new PoolInformation { PoolId = "later" } }, Ct);
        var flaky = new RefusingCollections(client, refuse: "3", serverError: true);

        await new TaskCollectionSubmitter(flaky, 2).AddAsync("job-server", Enumerable.Range(0, 10).Select(AzureBatchClientTests.Task).ToArray(), Ct);

        Assert.Equal(10, (await client.GetTaskCountsAsync("job-server", Ct)).Active);
        Assert.Equal(2, batch.Calls("Task_AddCollection"));
        batch.AssertNoViolations();
    }

    private static int Size(IReadOnlyList<TaskAddParameter> chunk) =>
        JsonSerializer.SerializeToUtf8Bytes(new TaskAddCollectionParameter(chunk), new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        }).Length;

    /// <summary>Holds each collection a while, counting how many are in flight at once.</summary>
    private sealed class SlowCollections(IAzureBatchClient inner) : DelegatingClient(inner)
    {
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public override async Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this)
                MostInFlight = Math.Max(MostInFlight, now);
            try
            {
                await Task.Delay(100, cancellationToken);
                return await base.AddTaskCollectionAsync(jobId, tasks, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Answers one task's first add with a client or server error without sending it, as Batch would.</summary>
    private sealed class RefusingCollections(IAzureBatchClient inner, string refuse, bool serverError = false) : DelegatingClient(inner)
    {
        private bool _refused;

        public override async Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default)
        {
            var refusing = !_refused || !serverError;
            var sent = tasks.Where(t => !(refusing && t.Id == refuse)).ToArray();
            var result = sent.Length == 0 ? new TaskAddCollectionResult([]) : await base.AddTaskCollectionAsync(jobId, sent, cancellationToken);
            if (sent.Length == tasks.Count)
                return result;
            _refused = true;
            var error = new BatchError { Code = serverError ? "ServerBusy" : "InvalidPropertyValue", Message = new ErrorMessage("en-US", "refused for the test") };
            return new TaskAddCollectionResult([.. result.Value!, new TaskAddResult { Status = serverError ? "servererror" : "clienterror", TaskId = refuse, Error = error }]);
        }
    }
}

/// <summary>Passes every call to another client; tests override what they observe.</summary>
internal class DelegatingClient(IAzureBatchClient inner) : IAzureBatchClient
{
    public Uri Endpoint => inner.Endpoint;

    public virtual Task AddJobAsync(JobAddParameter job, CancellationToken cancellationToken = default) => inner.AddJobAsync(job, cancellationToken);

    public virtual Task<CloudJob?> GetJobAsync(string jobId, string? select = null, CancellationToken cancellationToken = default) => inner.GetJobAsync(jobId, select, cancellationToken);

    public virtual Task PatchJobAsync(string jobId, JobPatchParameter patch, CancellationToken cancellationToken = default) => inner.PatchJobAsync(jobId, patch, cancellationToken);

    public virtual Task TerminateJobAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default) => inner.TerminateJobAsync(jobId, reason, cancellationToken);

    public virtual Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default) => inner.DeleteJobAsync(jobId, cancellationToken);

    public virtual Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default) =>
        inner.AddTaskCollectionAsync(jobId, tasks, cancellationToken);

    public virtual Task<IReadOnlyList<CloudTask>> ListTasksAsync(string jobId, TaskListOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.ListTasksAsync(jobId, options, cancellationToken);

    public virtual Task<CloudTask?> GetTaskAsync(string jobId, string taskId, string? select = null, CancellationToken cancellationToken = default) =>
        inner.GetTaskAsync(jobId, taskId, select, cancellationToken);

    public virtual Task<TaskCounts> GetTaskCountsAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetTaskCountsAsync(jobId, cancellationToken);

    public virtual Task<string?> GetTaskFileAsync(string jobId, string taskId, string filePath, CancellationToken cancellationToken = default) =>
        inner.GetTaskFileAsync(jobId, taskId, filePath, cancellationToken);
}
