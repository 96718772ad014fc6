using System.Net;
using System.Text.Json;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.CloudEmulators.Hosting;
using Experiments.CloudEmulators.Tests.Support;

namespace Experiments.CloudEmulators.Tests.GoogleBatch;

/// <summary>The Google Batch emulator over real HTTP, running tasks as real processes.</summary>
public sealed class GoogleBatchEmulatorTests : IAsyncLifetime
{
    private const string Parent = GoogleBatchClient.Parent;
    private readonly RecordingFleet _fleet = new();
    private readonly GoogleBatchEmulator _emulator;
    private GoogleBatchClient _client = null!;

    public GoogleBatchEmulatorTests() => _emulator = new GoogleBatchEmulator(_fleet.RunAsync);

    public async ValueTask InitializeAsync() => _client = new GoogleBatchClient(await _emulator.StartAsync());

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Tasks_get_their_index_and_count_and_the_job_ends_by_their_results()
    {
        var created = await _client.CreateAsync("sweep", GoogleBatchClient.ShellJob(4, 2, "exit $((BATCH_TASK_INDEX % 2))"));

        var job = await Eventually.WaitAsync(() => _client.GetAsync("sweep"), j => j.GetProperty("status").GetProperty("state").GetString() is "SUCCEEDED" or "FAILED", "the job to end");
        var tasks = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs/sweep/taskGroups/group0/tasks");

        Assert.Equal("projects/proj/locations/us-central1/jobs/sweep", created.GetProperty("name").GetString());
        Assert.Equal("SCHEDULED", created.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("4", created.GetProperty("taskGroups")[0].GetProperty("taskCount").GetString());
        Assert.Equal("FAILED", job.GetProperty("status").GetProperty("state").GetString());
        var counts = job.GetProperty("status").GetProperty("taskGroups").GetProperty("group0").GetProperty("counts");
        Assert.Equal(("2", "2"), (counts.GetProperty("SUCCEEDED").GetString(), counts.GetProperty("FAILED").GetString()));
        var exitCodes = tasks.GetProperty("tasks").EnumerateArray()
            .Select(t => t.GetProperty("status").GetProperty("statusEvents").EnumerateArray().Last().GetProperty("taskExecution").GetProperty("exitCode").GetInt32());
        Assert.Equal([0, 1, 0, 1], exitCodes);
        Assert.Equal(["0", "1", "2", "3"], _fleet.Started.Select(t => t.Environment["BATCH_TASK_INDEX"]).Order());
        Assert.All(_fleet.Started, t => Assert.Equal(("4", "demo", "127.0.0.1:5000/sweep:1"), (t.Environment["BATCH_TASK_COUNT"], t.Environment["SWEEP"], t.ImageName)));
        Assert.Equal(["/bin/sh", "-c", "exit $((BATCH_TASK_INDEX % 2))"], _fleet.Started[0].Arguments);
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task A_failed_first_attempt_is_retried_within_max_retry_count()
    {
        _emulator.Faults.FailFirstAttemptOf(1);

        await _client.CreateAsync("retried", GoogleBatchClient.ShellJob(2, 2, "exit 0", maxRetryCount: 1));
        var job = await Eventually.WaitAsync(() => _client.GetAsync("retried"), j => j.GetProperty("status").GetProperty("state").GetString() is "SUCCEEDED" or "FAILED", "the job to end");
        var task = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs/retried/taskGroups/group0/tasks/1");

        Assert.Equal("SUCCEEDED", job.GetProperty("status").GetProperty("state").GetString());
        var retry = Assert.Single(_fleet.Started, t => t.Index == 1);
        Assert.Equal((2, "1"), (retry.Attempt, retry.Environment["BATCH_TASK_RETRY_ATTEMPT"]));
        Assert.Contains(task.GetProperty("status").GetProperty("statusEvents").EnumerateArray(),
            e => e.TryGetProperty("taskExecution", out var execution) && execution.GetProperty("exitCode").GetInt32() == EmulatorFaults.FailedAttemptExitCode);
    }

    [Fact]
    public async Task A_task_past_its_max_run_duration_is_killed_with_googles_timeout_code()
    {
        await _client.CreateAsync("slow", GoogleBatchClient.ShellJob(1, 1, "sleep 600", extraSpec: ""","maxRunDuration":"1s" """));

        await Eventually.WaitAsync(() => _client.GetAsync("slow"), j => j.GetProperty("status").GetProperty("state").GetString() == "FAILED", "the job to fail");
        var task = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs/slow/taskGroups/group0/tasks/0");

        var last = task.GetProperty("status").GetProperty("statusEvents").EnumerateArray().Last();
        Assert.Equal(GoogleBatchEmulator.TimeoutExitCode, last.GetProperty("taskExecution").GetProperty("exitCode").GetInt32());
        Assert.Contains("maxRunDuration", last.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Int64_fields_sent_as_numbers_are_rejected_naming_the_field()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=bad",
            """{"taskGroups":[{"taskCount":4,"taskSpec":{"runnables":[{"script":{"text":"true"}}]}}]}""");
        var error = await GoogleBatchClient.ErrorOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
        var violation = error.GetProperty("details")[0].GetProperty("fieldViolations")[0];
        Assert.Equal("$.taskGroups[0].taskCount", violation.GetProperty("field").GetString());
        Assert.Equal("$.taskGroups[0].taskCount", Assert.Single(_emulator.Violations).Violation.Path);
        Assert.Empty(_emulator.JobNames);
    }

    [Theory]
    [InlineData("""{"taskGroups":[{"taskCount":"100001","taskSpec":{"runnables":[{"script":{"text":"true"}}]}}]}""", "$.taskGroups[0].taskCount")]
    [InlineData("""{"taskGroups":[{"taskSpec":{"runnables":[{"script":{"text":"true"}}]}},{"taskSpec":{"runnables":[{"script":{"text":"true"}}]}}]}""", "$.taskGroups")]
    [InlineData("""{"taskGroups":[{"taskSpec":{"runnables":[]}}]}""", "$.taskGroups[0].taskSpec.runnables")]
    [InlineData("""{"taskGroups":[{"taskSpec":{"maxRetryCount":11,"runnables":[{"script":{"text":"true"}}]}}]}""", "$.taskGroups[0].taskSpec.maxRetryCount")]
    public async Task Jobs_beyond_the_services_limits_are_refused(string job, string field)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=limits", job);
        var error = await GoogleBatchClient.ErrorOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, error.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Requests_need_a_bearer_token_a_valid_job_id_and_a_new_name()
    {
        _client.Token = null;
        using var anonymous = await _client.SendAsync(HttpMethod.Get, $"{Parent}/jobs");
        _client.Token = "t";
        using var badId = await _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=Bad_Id", GoogleBatchClient.ShellJob(1, 1, "exit 0"));
        await _client.CreateAsync("once", GoogleBatchClient.ShellJob(1, 1, "exit 0"));
        using var again = await _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=once", GoogleBatchClient.ShellJob(1, 1, "exit 0"));
        using var missing = await _client.SendAsync(HttpMethod.Get, $"{Parent}/jobs/missing");

        Assert.Equal(("UNAUTHENTICATED", "INVALID_ARGUMENT", "ALREADY_EXISTS", "NOT_FOUND"),
            ((await GoogleBatchClient.ErrorOf(anonymous)).GetProperty("status").GetString(), (await GoogleBatchClient.ErrorOf(badId)).GetProperty("status").GetString(),
             (await GoogleBatchClient.ErrorOf(again)).GetProperty("status").GetString(), (await GoogleBatchClient.ErrorOf(missing)).GetProperty("status").GetString()));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Conflict), (anonymous.StatusCode, again.StatusCode));
    }

    [Fact]
    public async Task Jobs_and_tasks_are_listed_in_pages()
    {
        for (var i = 0; i < 5; i++)
            await _client.CreateAsync($"job-{i}", GoogleBatchClient.ShellJob(i == 0 ? 250 : 1, 1, "sleep 600"));

        var jobNames = new List<string>();
        string? token = null;
        do
        {
            var page = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs?pageSize=2" + (token is null ? "" : $"&pageToken={token}"));
            jobNames.AddRange(page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()!.Split('/')[^1]));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        var taskNames = new List<string>();
        do
        {
            var page = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs/job-0/taskGroups/group0/tasks?pageSize=100" + (token is null ? "" : $"&pageToken={token}"));
            taskNames.AddRange(page.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()!.Split('/')[^1]));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        var filtered = await _client.JsonAsync(HttpMethod.Get, $"{Parent}/jobs?filter=name%3D%22projects/proj/locations/us-central1/jobs/job-3%22");

        Assert.Equal(["job-0", "job-1", "job-2", "job-3", "job-4"], jobNames);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"{i}"), taskNames);
        Assert.Equal("job-3", filtered.GetProperty("jobs").EnumerateArray().Single().GetProperty("name").GetString()!.Split('/')[^1]);
        Assert.Equal(4, _emulator.Requests.Count(r => r.Operation == "batch.projects.locations.jobs.list"));
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task Deleting_a_job_answers_an_operation_and_stops_its_tasks()
    {
        await _client.CreateAsync("doomed", GoogleBatchClient.ShellJob(3, 3, "sleep 600"));
        await Eventually.WaitAsync(() => _client.GetAsync("doomed"), j => j.GetProperty("status").GetProperty("state").GetString() == "RUNNING", "the job to run");

        var operation = await _client.JsonAsync(HttpMethod.Delete, $"{Parent}/jobs/doomed");
        using var gone = await _client.SendAsync(HttpMethod.Get, $"{Parent}/jobs/doomed");

        Assert.True(operation.GetProperty("done").GetBoolean());
        Assert.StartsWith("projects/proj/locations/us-central1/operations/", operation.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("delete", operation.GetProperty("metadata").GetProperty("verb").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Throttling_server_errors_and_a_dropped_create_that_was_applied()
    {
        _emulator.Faults.ThrottleNext(1);
        _emulator.Faults.FailNext(1, 503);
        _emulator.Faults.DropNext("POST", "/jobs", applyFirst: true);

        using var throttled = await _client.SendAsync(HttpMethod.Get, $"{Parent}/jobs");
        using var unavailable = await _client.SendAsync(HttpMethod.Get, $"{Parent}/jobs");
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=dropped", GoogleBatchClient.ShellJob(1, 1, "exit 0")));
        using var retried = await _client.SendAsync(HttpMethod.Post, $"{Parent}/jobs?jobId=dropped", GoogleBatchClient.ShellJob(1, 1, "exit 0"));

        Assert.Equal(((HttpStatusCode)429, "RESOURCE_EXHAUSTED"), (throttled.StatusCode, (await GoogleBatchClient.ErrorOf(throttled)).GetProperty("status").GetString()));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "UNAVAILABLE"), (unavailable.StatusCode, (await GoogleBatchClient.ErrorOf(unavailable)).GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Equal([429, 503, RecordedRequest.Dropped, 409], _emulator.Requests.Select(r => r.Status));
    }
}
