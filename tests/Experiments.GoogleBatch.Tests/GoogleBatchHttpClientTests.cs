using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.Hosting;
using Experiments.GoogleBatch.Tests.Support;

namespace Experiments.GoogleBatch.Tests;

/// <summary>The REST client over real HTTP against the Google Batch emulator, which checks every request against the discovery document.</summary>
public sealed class GoogleBatchHttpClientTests : IAsyncLifetime
{
    private const string Parent = $"projects/{GoogleCloud.Project}/locations/{GoogleCloud.Region}";
    private GoogleCloud _cloud = null!;
    private GoogleBatchHttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cloud = await GoogleCloud.StartAsync();
        _client = _cloud.Client();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Create_get_list_and_delete_speak_the_definition()
    {
        var created = await _client.CreateJobAsync(Parent, "job-one", Job(2), Ct);
        var listed = await _client.ListJobsAsync(Parent, $"name=\"{created.Name}\"", 10, null, Ct);
        var fetched = await _client.GetJobAsync(created.Name!, Ct);
        var deleted = await _client.DeleteJobAsync(created.Name!, Ct);
        var gone = await Assert.ThrowsAsync<GoogleBatchException>(() => _client.GetJobAsync(created.Name!, Ct));

        Assert.Equal($"{Parent}/jobs/job-one", created.Name);
        Assert.False(string.IsNullOrEmpty(created.Uid));
        Assert.Equal(2L, created.TaskGroups![0].TaskCount);
        Assert.Equal(created.Name, Assert.Single(listed.Jobs!).Name);
        Assert.Equal(created.Uid, fetched.Uid);
        Assert.NotNull(fetched.Status?.State);
        Assert.True(deleted.Done);
        Assert.True(gone.IsNotFound);
        Assert.Contains("NOT_FOUND", gone.Message);
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task Failed_tasks_are_listed_by_state_page_by_page()
    {
        foreach (var task in new[] { 1000, 1001, 1002 })
            _cloud.Worker.FailingTasks[task] = 7;
        var job = await _client.CreateJobAsync(Parent, "failing", Job(3, maxRetryCount: 0, failAll: true), Ct);
        await UntilAsync(async () => (await _client.GetJobAsync(job.Name!, Ct)).Status?.State is "FAILED");

        var first = await _client.ListTasksAsync($"{job.Name}/taskGroups/group0", "State=FAILED", 2, null, Ct);
        var second = await _client.ListTasksAsync($"{job.Name}/taskGroups/group0", "State=FAILED", 2, first.NextPageToken, Ct);

        Assert.Equal(2, first.Tasks!.Count);
        Assert.NotNull(first.NextPageToken);
        Assert.Single(second.Tasks!);
        Assert.All(first.Tasks.Concat(second.Tasks!), t => Assert.Equal("FAILED", t.Status!.State));
        Assert.Contains(first.Tasks[0].Status!.StatusEvents!, e => e.TaskExecution?.ExitCode == 7);
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried()
    {
        _cloud.Batch.Faults.ThrottleNext(2);
        var created = await _client.CreateJobAsync(Parent, "throttled", Job(1), Ct);
        _cloud.Batch.Faults.FailNext(2, 503);
        var fetched = await _client.GetJobAsync(created.Name!, Ct);
        _cloud.Batch.Faults.FailNext(1, 500);
        await _client.ListJobsAsync(Parent, cancellationToken: Ct);

        Assert.Equal(created.Uid, fetched.Uid);
        var requests = _cloud.Batch.Requests;
        Assert.Equal([429, 429, 200], requests.Where(r => r.Operation == "batch.projects.locations.jobs.create").Select(r => r.Status));
        Assert.Equal([503, 503, 200], requests.Where(r => r.Operation == "batch.projects.locations.jobs.get").Select(r => r.Status));
        Assert.Equal([500, 200], requests.Where(r => r.Operation == "batch.projects.locations.jobs.list").Select(r => r.Status));
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task A_create_applied_but_dropped_is_answered_already_exists_on_retry_and_yields_the_one_job()
    {
        _cloud.Batch.Faults.DropNext("POST", "/jobs", applyFirst: true);

        var created = await _client.CreateJobAsync(Parent, "dropped", Job(2), Ct);

        Assert.Equal($"{Parent}/jobs/dropped", created.Name);
        Assert.Single(_cloud.Batch.JobNames);
        Assert.Equal([RecordedRequest.Dropped, 409], _cloud.Batch.Requests.Where(r => r.Operation == "batch.projects.locations.jobs.create").Select(r => r.Status));
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task A_create_dropped_before_it_applied_is_sent_again()
    {
        _cloud.Batch.Faults.DropNext("POST", "/jobs", applyFirst: false);

        var created = await _client.CreateJobAsync(Parent, "dropped-early", Job(1), Ct);

        Assert.NotNull(created.Uid);
        Assert.Single(_cloud.Batch.JobNames);
        Assert.Equal([RecordedRequest.Dropped, 200], _cloud.Batch.Requests.Where(r => r.Operation == "batch.projects.locations.jobs.create").Select(r => r.Status));
    }

    [Fact]
    public async Task A_create_that_conflicts_on_its_first_attempt_is_an_error_not_someone_elses_job()
    {
        await _client.CreateJobAsync(Parent, "taken", Job(1), Ct);

        var error = await Assert.ThrowsAsync<GoogleBatchException>(() => _client.CreateJobAsync(Parent, "taken", Job(1), Ct));

        Assert.True(error.IsAlreadyExists);
        Assert.Equal("jobs.create", error.Method);
    }

    [Fact]
    public async Task A_refused_request_is_not_retried_and_says_what_Google_said()
    {
        var error = await Assert.ThrowsAsync<GoogleBatchException>(() => _client.CreateJobAsync(Parent, "Bad_Id", Job(1), Ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.Status);
        Assert.Contains("not a valid job id", error.Message);
        Assert.Single(_cloud.Batch.Requests);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_given_up_on_after_the_policy_attempts()
    {
        using var client = new GoogleBatchHttpClient(new GoogleBatchClientOptions
        {
            Endpoint = _cloud.BatchEndpoint,
            Credential = GoogleCloud.Credential,
            Retry = new GoogleBatchRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) },
        });
        _cloud.Batch.Faults.FailNext(5, 503);

        var error = await Assert.ThrowsAsync<GoogleBatchException>(() => client.ListJobsAsync(Parent, cancellationToken: Ct));

        Assert.Contains("still failed after 3 attempt(s)", error.Message);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, _cloud.Batch.Requests.Count);
    }

    [Fact]
    public async Task A_request_carries_the_credentials_bearer_token_and_no_token_is_an_access_problem()
    {
        using var anonymous = new GoogleBatchHttpClient(new GoogleBatchClientOptions
        {
            Endpoint = _cloud.BatchEndpoint,
            Credential = Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken(""),
            Retry = new GoogleBatchRetryPolicy { MaxAttempts = 1 },
        });

        await _client.ListJobsAsync(Parent, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<GoogleBatchException>(() => anonymous.ListJobsAsync(Parent, cancellationToken: Ct));

        Assert.Equal(401, error.StatusCode);
        Assert.True(error.IsAccessProblem);
        Assert.Contains("application-default login", error.Message);
    }

    [Fact]
    public void Backoff_waits_grow_and_stay_within_the_cap()
    {
        var policy = new GoogleBatchRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var random = new Random(42);

        var waits = Enumerable.Range(1, 12).Select(r => policy.Delay(r, random)).ToArray();

        Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.True(waits.Distinct().Count() > 6, "full jitter draws different waits");
        Assert.All(new[] { 429, 500, 502, 503, 504 }, s => Assert.True(GoogleBatchRetryPolicy.IsRetryable(s)));
        Assert.All(new[] { 400, 401, 403, 404, 409 }, s => Assert.False(GoogleBatchRetryPolicy.IsRetryable(s)));
    }

    private static Job Job(int tasks, int maxRetryCount = 0, bool failAll = false) => new()
    {
        TaskGroups =
        [
            new TaskGroup
            {
                TaskCount = tasks,
                TaskSpec = new TaskSpec
                {
                    Runnables = [new Runnable { Container = new Container { ImageUri = "127.0.0.1:5000/x:1" } }],
                    Environment = new BatchEnvironment
                    {
                        Variables = new Dictionary<string, string>
                        {
                            ["EXPERIMENTS_PLAN"] = $"gs://{GoogleCloud.Bucket}/none/plan.json",
                            ["EXPERIMENTS_STORE"] = $"gs://{GoogleCloud.Bucket}/none",
                            // The stand-in worker fails task 1000+ with exit 7; ordinary tasks have no plan here and would throw.
                            ["EXPERIMENTS_TASK_OFFSET"] = failAll ? "1000" : "2000",
                        },
                    },
                    MaxRetryCount = maxRetryCount,
                },
            },
        ],
        LogsPolicy = new LogsPolicy { Destination = BatchEnums.CloudLogging },
    };

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, Ct);
        }
    }
}
