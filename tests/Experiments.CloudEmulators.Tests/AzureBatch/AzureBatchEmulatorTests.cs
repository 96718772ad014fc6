using System.Net;
using System.Text.Json;
using Experiments.CloudEmulators.AzureBatch;
using Experiments.CloudEmulators.Hosting;
using Experiments.CloudEmulators.Tests.Support;

namespace Experiments.CloudEmulators.Tests.AzureBatch;

/// <summary>The Azure Batch emulator over real HTTP, running tasks as real processes.</summary>
public sealed class AzureBatchEmulatorTests : IAsyncLifetime
{
    private const string ExitByIndex = "/bin/sh -c 'exit $((TASK_INDEX % 2))'";
    private readonly RecordingFleet _fleet = new();
    private readonly AzureBatchEmulator _emulator;
    private AzureBatchClient _client = null!;

    public AzureBatchEmulatorTests() => _emulator = new AzureBatchEmulator(_fleet.RunAsync);

    public async ValueTask InitializeAsync()
    {
        _client = new AzureBatchClient(await _emulator.StartAsync());
        _emulator.AddPool("pool");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Tasks_run_as_processes_and_terminatejob_completes_the_job()
    {
        await _client.CreateJobAsync("sweep", "pool");
        var tasks = Enumerable.Range(0, 4).Select(i => AzureBatchClient.Task($"t{i}", ExitByIndex, environment: ("TASK_INDEX", $"{i}")));
        var added = await _client.AddTasksAsync("sweep", tasks);
        await _client.SucceedAsync(HttpMethod.Patch, "jobs/sweep", """{"onAllTasksComplete":"terminatejob"}""");

        var job = await Eventually.WaitAsync(() => _client.GetJobAsync("sweep"), j => j.GetProperty("state").GetString() == "completed", "the job to complete");
        var completed = await _client.JsonAsync(HttpMethod.Get, "jobs/sweep/tasks?$filter=state%20eq%20'completed'");
        var counts = await _client.JsonAsync(HttpMethod.Get, "jobs/sweep/taskcounts");

        Assert.All(added.GetProperty("value").EnumerateArray(), r => Assert.Equal("success", r.GetProperty("status").GetString()));
        Assert.Equal("AllTasksComplete", job.GetProperty("executionInfo").GetProperty("terminateReason").GetString());
        var byId = completed.GetProperty("value").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("executionInfo"));
        Assert.Equal([0, 1, 0, 1], Enumerable.Range(0, 4).Select(i => byId[$"t{i}"].GetProperty("exitCode").GetInt32()));
        Assert.Equal(["success", "failure", "success", "failure"], Enumerable.Range(0, 4).Select(i => byId[$"t{i}"].GetProperty("result").GetString()));
        Assert.Equal("FailureExitCode", byId["t1"].GetProperty("failureInfo").GetProperty("code").GetString());
        Assert.Equal(2, counts.GetProperty("taskCounts").GetProperty("succeeded").GetInt32());
        Assert.Equal(2, counts.GetProperty("taskCounts").GetProperty("failed").GetInt32());
        Assert.Equal(["t0", "t1", "t2", "t3"], _fleet.Started.Select(t => t.TaskId).Order());
        Assert.All(_fleet.Started, t => Assert.Equal("sweep", t.Environment["AZ_BATCH_JOB_ID"]));
        Assert.Equal(["/bin/sh", "-c", "exit $((TASK_INDEX % 2))"], _fleet.Started[0].Arguments);
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task A_tasks_stdout_and_stderr_are_its_task_files_and_other_files_are_not_found()
    {
        await _client.CreateJobAsync("printing", "pool");
        await _client.AddTasksAsync("printing", [AzureBatchClient.Task("t0", "/bin/sh -c 'echo to stdout; echo to stderr >&2'")]);
        await Eventually.WaitAsync(() => _client.JsonAsync(HttpMethod.Get, "jobs/printing/tasks/t0"), t => t.GetProperty("state").GetString() == "completed", "the task to complete");

        var stdout = await _client.SucceedAsync(HttpMethod.Get, "jobs/printing/tasks/t0/files/stdout.txt");
        var stderr = await _client.SucceedAsync(HttpMethod.Get, "jobs/printing/tasks/t0/files/stderr.txt");
        using var other = await _client.SendAsync(HttpMethod.Get, "jobs/printing/tasks/t0/files/wd%2Fresult.txt");
        using var noTask = await _client.SendAsync(HttpMethod.Get, "jobs/printing/tasks/t9/files/stdout.txt");

        Assert.Equal(("to stdout\n", "to stderr\n"), (stdout, stderr));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("FileNotFound", (await AzureBatchClient.ErrorOf(other)).GetProperty("code").GetString());
        Assert.Equal("TaskNotFound", (await AzureBatchClient.ErrorOf(noTask)).GetProperty("code").GetString());
        Assert.Equal(4, _emulator.Requests.Count(r => r.Operation == "File_GetFromTask"));
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task A_failed_first_attempt_is_retried_up_to_max_task_retry_count()
    {
        _emulator.Faults.FailFirstAttemptOf("retried", "not-retried");
        await _client.CreateJobAsync("retries", "pool", ""","onAllTasksComplete":"terminatejob" """);
        await _client.AddTasksAsync("retries", [AzureBatchClient.Task("retried", "/bin/true", maxRetries: 2), AzureBatchClient.Task("not-retried", "/bin/true")]);

        await Eventually.WaitAsync(() => _client.GetJobAsync("retries"), j => j.GetProperty("state").GetString() == "completed", "the job to complete");
        var tasks = new Dictionary<string, JsonElement>();
        foreach (var id in new[] { "retried", "not-retried" })
            tasks[id] = (await _client.JsonAsync(HttpMethod.Get, $"jobs/retries/tasks/{id}")).GetProperty("executionInfo");

        Assert.Equal("success", tasks["retried"].GetProperty("result").GetString());
        Assert.Equal(1, tasks["retried"].GetProperty("retryCount").GetInt32());
        Assert.Equal("failure", tasks["not-retried"].GetProperty("result").GetString());
        Assert.Equal(EmulatorFaults.FailedAttemptExitCode, tasks["not-retried"].GetProperty("exitCode").GetInt32());
        var retried = Assert.Single(_fleet.Started);
        Assert.Equal(("retried", 2, "1"), (retried.TaskId, retried.Attempt, retried.Environment["AZ_BATCH_TASK_RETRY_COUNT"]));
    }

    [Fact]
    public async Task A_request_breaking_the_definition_gets_400_naming_the_path_and_is_recorded()
    {
        await _client.CreateJobAsync("j", "nowhere");

        using var response = await _client.SendAsync(HttpMethod.Post, "jobs/j/addtaskcollection",
            """{"value":[{"id":"t","commandLine":"x","constraints":{"maxTaskRetryCount":"3"}}]}""");
        var error = await AzureBatchClient.ErrorOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequest", error.GetProperty("code").GetString());
        Assert.Contains("$.value[0].constraints.maxTaskRetryCount", error.GetProperty("message").GetProperty("value").GetString());
        Assert.Equal("$.value[0].constraints.maxTaskRetryCount", error.GetProperty("values")[0].GetProperty("key").GetString());
        var recorded = Assert.Single(_emulator.Violations);
        Assert.Equal("$.value[0].constraints.maxTaskRetryCount", recorded.Violation.Path);
    }

    [Fact]
    public async Task Authorization_and_api_version_are_required()
    {
        _client.Authorization = null;
        using var anonymous = await _client.SendAsync(HttpMethod.Get, "jobs/j");
        _client.Authorization = "Bearer token";
        using var oldVersion = await _client.SendAsync(HttpMethod.Get, new Uri(_emulator.BaseUri, "jobs/j?api-version=2023-05-01.17.0").ToString());
        using var missingJob = await _client.SendAsync(HttpMethod.Get, "jobs/missing");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oldVersion.StatusCode);
        Assert.Equal("query.api-version", Assert.Single(_emulator.Violations).Violation.Path);
        Assert.Equal(HttpStatusCode.NotFound, missingJob.StatusCode);
        Assert.Equal("JobNotFound", (await AzureBatchClient.ErrorOf(missingJob)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Collections_over_100_tasks_or_1_MB_are_refused_and_duplicates_are_client_errors()
    {
        await _client.CreateJobAsync("limits", "nowhere");
        var tooMany = Enumerable.Range(0, 101).Select(i => AzureBatchClient.Task($"t{i}", "/bin/true"));
        var tooBig = Enumerable.Range(0, 10).Select(i => AzureBatchClient.Task($"b{i}", "/bin/echo " + new string('x', 110_000)));

        using var many = await _client.SendAsync(HttpMethod.Post, "jobs/limits/addtaskcollection", JsonSerializer.Serialize(new { value = tooMany }));
        using var big = await _client.SendAsync(HttpMethod.Post, "jobs/limits/addtaskcollection", JsonSerializer.Serialize(new { value = tooBig }));
        await _client.AddTasksAsync("limits", [AzureBatchClient.Task("once", "/bin/true")]);
        var again = await _client.AddTasksAsync("limits", [AzureBatchClient.Task("ONCE", "/bin/true"), AzureBatchClient.Task("new", "/bin/true")]);

        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Equal("TooManyTasksInCollection", (await AzureBatchClient.ErrorOf(many)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("RequestBodyTooLarge", (await AzureBatchClient.ErrorOf(big)).GetProperty("code").GetString());
        var results = again.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(("clienterror", "TaskExists"), (results[0].GetProperty("status").GetString(), results[0].GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal("success", results[1].GetProperty("status").GetString());
        Assert.Equal("$.value", Assert.Single(_emulator.Violations).Violation.Path);
    }

    [Fact]
    public async Task Task_lists_page_with_next_links_and_select_properties()
    {
        await _client.CreateJobAsync("paged", "nowhere");
        for (var call = 0; call < 3; call++)
            await _client.AddTasksAsync("paged", Enumerable.Range(call * 100, call == 2 ? 50 : 100).Select(i => AzureBatchClient.Task($"t{i:D3}", "/bin/true")));

        var ids = new List<string>();
        var pages = 0;
        string? next = "jobs/paged/tasks?maxresults=100&$select=id,state";
        while (next is not null)
        {
            var page = await _client.JsonAsync(HttpMethod.Get, next);
            pages++;
            foreach (var task in page.GetProperty("value").EnumerateArray())
            {
                Assert.Equal(["id", "state"], task.EnumerateObject().Select(p => p.Name));
                ids.Add(task.GetProperty("id").GetString()!);
            }
            next = page.TryGetProperty("odata.nextLink", out var link) ? link.GetString() : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"t{i:D3}"), ids);
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task Unsupported_filters_are_refused_with_what_is_supported()
    {
        await _client.CreateJobAsync("filtered", "nowhere");

        using var response = await _client.SendAsync(HttpMethod.Get, "jobs/filtered/tasks?$filter=startswith(id,'t')");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("state, id or executionInfo/result", (await AzureBatchClient.ErrorOf(response)).GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Throttling_and_server_faults_answer_in_azure_shape_then_clear()
    {
        _emulator.Faults.ThrottleNext(2, TimeSpan.FromSeconds(3));
        using var first = await _client.SendAsync(HttpMethod.Get, "jobs/none");
        using var second = await _client.SendAsync(HttpMethod.Get, "jobs/none");
        _emulator.Faults.FailNext(1, 500);
        using var third = await _client.SendAsync(HttpMethod.Get, "jobs/none");
        using var fourth = await _client.SendAsync(HttpMethod.Get, "jobs/none");

        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal("3", first.Headers.GetValues("Retry-After").Single());
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, third.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fourth.StatusCode);
        Assert.Equal([429, 429, 500, 404], _emulator.Requests.Select(r => r.Status));
        Assert.All(_emulator.Requests, r => Assert.Equal("Job_Get", r.Operation));
    }

    [Fact]
    public async Task A_dropped_task_collection_may_have_been_applied()
    {
        await _client.CreateJobAsync("dropped", "nowhere");
        _emulator.Faults.DropNext("POST", "/addtaskcollection", applyFirst: true);
        _emulator.Faults.DropNext("POST", "/addtaskcollection", applyFirst: false);

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.AddTasksAsync("dropped", [AzureBatchClient.Task("applied", "/bin/true")]));
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.AddTasksAsync("dropped", [AzureBatchClient.Task("lost", "/bin/true")]));
        var retry = await _client.AddTasksAsync("dropped", [AzureBatchClient.Task("applied", "/bin/true"), AzureBatchClient.Task("lost", "/bin/true")]);

        Assert.Equal(["clienterror", "success"], retry.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([RecordedRequest.Dropped, RecordedRequest.Dropped, 200],
            _emulator.Requests.Where(r => r.Operation == "Task_AddCollection").Select(r => r.Status));
    }

    [Fact]
    public async Task An_auto_pool_lives_as_long_as_its_job()
    {
        var job = """
            {"id":"auto","onAllTasksComplete":"terminatejob","poolInfo":{"autoPoolSpecification":{"autoPoolIdPrefix":"exp","poolLifetimeOption":"job",
              "pool":{"vmSize":"standard_d2s_v3","taskSlotsPerNode":2,"virtualMachineConfiguration":{"nodeAgentSKUId":"batch.node.ubuntu 22.04",
                "imageReference":{"publisher":"canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts"}}}}}}
            """;
        using var created = await _client.SendAsync(HttpMethod.Post, "jobs", job);
        var poolId = (await _client.GetJobAsync("auto")).GetProperty("executionInfo").GetProperty("poolId").GetString()!;
        var poolsWhileRunning = _emulator.Pools;
        await _client.AddTasksAsync("auto", [AzureBatchClient.Task("t", "/bin/true")]);

        await Eventually.WaitAsync(() => _client.GetJobAsync("auto"), j => j.GetProperty("state").GetString() == "completed", "the job to complete");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("exp_", poolId, StringComparison.Ordinal);
        Assert.Contains(poolId, poolsWhileRunning);
        Assert.DoesNotContain(poolId, _emulator.Pools);
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task Terminating_a_job_kills_running_tasks_and_completes_waiting_ones()
    {
        await _client.CreateJobAsync("stopped", "pool");
        await _client.AddTasksAsync("stopped", Enumerable.Range(0, 3).Select(i => AzureBatchClient.Task($"t{i}", "/bin/sleep 600")));
        await Eventually.WaitAsync(() => _client.JsonAsync(HttpMethod.Get, "jobs/stopped/taskcounts"),
            c => c.GetProperty("taskCounts").GetProperty("running").GetInt32() == 2, "two tasks to run");

        using var terminated = await _client.SendAsync(HttpMethod.Post, "jobs/stopped/terminate", """{"terminateReason":"Cancelled by test"}""");
        var job = await _client.GetJobAsync("stopped");
        var counts = await _client.JsonAsync(HttpMethod.Get, "jobs/stopped/taskcounts");
        using var deleted = await _client.SendAsync(HttpMethod.Delete, "jobs/stopped");

        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal(("completed", "Cancelled by test"), (job.GetProperty("state").GetString(), job.GetProperty("executionInfo").GetProperty("terminateReason").GetString()));
        Assert.Equal(3, counts.GetProperty("taskCounts").GetProperty("completed").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.DoesNotContain("stopped", _emulator.JobIds);
    }

    [Fact]
    public async Task At_most_parallelism_tasks_run_at_once_in_submission_order()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new List<string>();
        await using var emulator = new AzureBatchEmulator((task, _) =>
        {
            lock (started)
                started.Add(task.TaskId);
            return release.Task;
        }) { Parallelism = 2 };
        using var client = new AzureBatchClient(await emulator.StartAsync(TestContext.Current.CancellationToken));
        emulator.AddPool("pool");
        await client.CreateJobAsync("ordered", "pool");
        await client.AddTasksAsync("ordered", Enumerable.Range(0, 4).Select(i => AzureBatchClient.Task($"t{i}", "/bin/true")));

        var whileHeld = await Eventually.WaitAsync(() => client.JsonAsync(HttpMethod.Get, "jobs/ordered/taskcounts"),
            c => c.GetProperty("taskCounts").GetProperty("running").GetInt32() == 2, "two tasks to run");
        release.SetResult(0);
        await Eventually.WaitAsync(() => client.JsonAsync(HttpMethod.Get, "jobs/ordered/taskcounts"),
            c => c.GetProperty("taskCounts").GetProperty("succeeded").GetInt32() == 4, "all tasks to succeed");

        Assert.Equal(2, whileHeld.GetProperty("taskCounts").GetProperty("active").GetInt32());
        // The first two run together and either may call the hook first; the next two only start once a slot frees.
        lock (started)
            Assert.Equal(["t0", "t1", "t2", "t3"], started.Take(2).Order().Concat(started.Skip(2).Order()));
    }
}
