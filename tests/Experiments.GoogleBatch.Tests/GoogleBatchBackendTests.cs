using System.Text;
using System.Text.Json;
using Experiments.Backends;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.GoogleBatch.Tests.Support;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.GoogleBatch.Tests;

/// <summary>
/// The backend end to end against the Google Batch and GCS emulators: plan uploaded, jobs created, tasks run by a
/// stand-in worker that records to GCS, status polled, records read back as the tool reads them.
/// </summary>
public sealed class GoogleBatchBackendTests : IAsyncLifetime
{
    private const string CreateOperation = "batch.projects.locations.jobs.create";
    private readonly TempDirectory _work = new();
    private GoogleCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GoogleCloud.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _cloud.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task A_sweep_of_two_experiments_runs_every_point_exactly_once_in_one_job_each()
    {
        var backend = _cloud.Backend();
        var plan = TwoExperiments("20250101-120000-a1b2", pointsPerTask: 3);

        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        var status = (await GoogleCloud.WaitAsync(backend, [submission]))[0];
        var records = await GoogleCloud.RecordsAsync(backend, submission);

        Assert.True(status.Finished);
        Assert.Equal(plan.Tasks.Count, status.Count(TaskState.Succeeded));
        Assert.Null(status.Message);
        AssertEveryPointOnce(plan, records);
        Assert.Equal(2, submission.JobIds.Count);
        Assert.Equal("gcp-batch", submission.Backend);
        Assert.Equal($"gs://{GoogleCloud.Bucket}/experiments/runs/{plan.RunId}", submission.Store);
        Assert.NotNull(_cloud.Storage.Read(GoogleCloud.Bucket, $"experiments/runs/{plan.RunId}/plan.json"));
        Assert.Equal([new ArrayChunk(0, 10), new ArrayChunk(10, 4)], GoogleBatchSubmissionFacts.Of(submission).Jobs.Select(j => j.Tasks));
        Assert.Equal(2, _cloud.Batch.JobNames.Count);
        Assert.Equal(2, _cloud.Batch.Requests.Count(r => r.Operation == CreateOperation));
        Assert.Empty(_cloud.Batch.Violations);
        Assert.Empty(_cloud.Storage.Violations);
    }

    [Fact]
    public async Task Throttling_server_errors_a_dropped_create_and_failed_first_attempts_still_run_every_point_once()
    {
        var backend = _cloud.Backend();
        var plan = TwoExperiments("20250101-120000-f0f0", pointsPerTask: 2);
        _cloud.Batch.Faults.DropNext("POST", "/jobs", applyFirst: true);
        _cloud.Batch.Faults.FailFirstAttemptOf(0, 3);

        _cloud.Batch.Faults.ThrottleNext(2);
        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        _cloud.Batch.Faults.FailNext(3, 503);
        var status = (await GoogleCloud.WaitAsync(backend, [submission]))[0];
        var records = await GoogleCloud.RecordsAsync(backend, submission);

        Assert.True(status.Finished);
        Assert.Equal(plan.Tasks.Count, status.Count(TaskState.Succeeded));
        AssertEveryPointOnce(plan, records);
        Assert.Equal(2, _cloud.Batch.JobNames.Count);
        var creates = _cloud.Batch.Requests.Where(r => r.Operation == CreateOperation).Select(r => r.Status).ToArray();
        Assert.Equal([429, 429, 0, 409, 200], creates);
        // Index 0 and 3 of each job ran a second time; the worker itself never ran their first attempts.
        Assert.Equal(4, _cloud.Worker.Runs.Count(r => r.Attempt == 2));
        Assert.Equal(plan.Tasks.Count, _cloud.Worker.Runs.Count);
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task A_task_that_keeps_failing_is_named_with_its_plan_task_exit_code_and_job()
    {
        var backend = _cloud.Backend(_cloud.Options(maxRetryCount: 0));
        var plan = TwoExperiments("20250101-120000-dead", pointsPerTask: 3);
        _cloud.Worker.FailingTasks[12] = 9;

        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        var status = (await GoogleCloud.WaitAsync(backend, [submission]))[0];

        Assert.True(status.Finished);
        Assert.Equal((1, plan.Tasks.Count - 1), (status.Count(TaskState.Failed), status.Count(TaskState.Succeeded)));
        var job = submission.JobIds.Single(j => j.EndsWith("-10", StringComparison.Ordinal));
        Assert.Contains($"1 Google Batch task(s) failed: task 12 (job {job}, index 2): exit 9", status.Message);
        Assert.Single(_cloud.Batch.Requests, r => r.Operation == "batch.projects.locations.jobs.taskGroups.tasks.list");
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task A_worker_that_dies_inside_a_point_on_the_last_attempt_gets_that_attempt_ended_as_a_crash()
    {
        var plan = TwoExperiments("20250101-120000-c0de", pointsPerTask: 5);
        _cloud.Worker.CrashingTasks[7] = true;
        var backend = _cloud.Backend(_cloud.Options(maxRetryCount: 1));
        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);

        var status = (await GoogleCloud.WaitAsync(backend, [submission]))[0];
        var records = await GoogleCloud.RecordsAsync(backend, submission);

        Assert.Equal(1, status.Count(TaskState.Failed));
        // Both attempts started the point and died in it; the tool ended each (the service will not run the task again).
        var point = records.Where(r => r.Task == 7).ToArray();
        Assert.Equal([1, 2], point.Where(r => r.Status == PointStatus.Started).Select(r => r.Attempt));
        var ends = point.Where(r => r.Status == PointStatus.Failed).ToArray();
        Assert.Equal([1, 2], ends.Select(r => r.Attempt).Order());
        Assert.All(ends, r => Assert.Equal(ErrorKind.Crash, r.Error!.Kind));
        Assert.All(ends, r => Assert.Contains("Google Batch task 7 stopped while running this point", r.Error!.Message, StringComparison.Ordinal));
        // Once only: another poll finds nothing open.
        await backend.PollAllAsync([submission], Ct);
        Assert.Equal(2, (await GoogleCloud.RecordsAsync(backend, submission)).Count(r => r.Task == 7 && r.Status == PointStatus.Failed));
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task Status_logs_and_records_are_found_again_from_the_journal_by_another_process()
    {
        var plan = TwoExperiments("20250101-120000-beef", pointsPerTask: 5);
        var submitted = await _cloud.Backend().SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        var journaled = JsonSerializer.Deserialize<Submission>(JsonSerializer.Serialize(submitted))!;
        var other = _cloud.Backend();

        var status = (await GoogleCloud.WaitAsync(other, [journaled]))[0];
        var records = await GoogleCloud.RecordsAsync(other, journaled);
        var logs = await other.FindLogsAsync(journaled, [0, 7], Ct);

        Assert.Equal(plan.Tasks.Count, status.Count(TaskState.Succeeded));
        AssertEveryPointOnce(plan, records);
        var facts = GoogleBatchSubmissionFacts.Of(journaled);
        Assert.Equal([0, 7], logs.Select(l => l.Task));
        var second = facts.Jobs.Single(j => j.Tasks.Offset == 6);
        Assert.Equal(
            $"logName=\"projects/{GoogleCloud.Project}/logs/batch_task_logs\" AND labels.job_uid=\"{second.Detail}\" AND labels.task_id:\"task/{second.Detail}-group0-1/\"",
            logs[1].Where);
        Assert.StartsWith("emulated-", second.Detail);
        // The text is read from Cloud Logging (entries.list, newest first, put back in order): stdout and stderr together.
        Assert.Equal(["task 0 attempt 1 says hello on stdout\ntask 0 attempt 1 says hello on stderr\n",
                      "task 7 attempt 1 says hello on stdout\ntask 7 attempt 1 says hello on stderr\n"], logs.Select(l => l.Text));
        Assert.Equal(2, _cloud.Logging.Requests.Count(r => r.Operation == CloudLoggingEmulator.ListOperation && r.Status == 200));
        Assert.Empty(_cloud.Logging.Violations);
    }

    [Fact]
    public async Task The_access_token_travels_in_no_request_body_or_query_nor_in_the_store_or_the_journaled_submission()
    {
        var plan = TwoExperiments("20250101-120000-5ec7", pointsPerTask: 5);
        var backend = _cloud.Backend();
        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        await GoogleCloud.WaitAsync(backend, [submission]);
        var logs = await backend.FindLogsAsync(submission, [0, 7], Ct);

        // Bearer tokens belong in Authorization headers only (not looked at here): every request's query and body to
        // Batch, Cloud Logging and Cloud Storage, every stored object, the journaled submission and the logs are clean.
        var requests = _cloud.Batch.Requests.Concat(_cloud.Logging.Requests).Concat(_cloud.Storage.Requests)
            .Select(r => ($"{r.Method} {r.Path}", r.Path + r.Query + "\n" + Encoding.UTF8.GetString(r.Body)));
        var objects = _cloud.Storage.ObjectNames(GoogleCloud.Bucket).Select(n => (n, Encoding.UTF8.GetString(_cloud.Storage.Read(GoogleCloud.Bucket, n) ?? [])));
        var places = requests.Concat(objects).Append(("the journaled submission", JsonSerializer.Serialize(submission)))
            .Concat(logs.Select(l => (l.Where, l.Where + l.Text))).ToList();

        Assert.Contains(places, p => p.Item1.EndsWith("plan.json", StringComparison.Ordinal));
        Assert.Contains(_cloud.Logging.Requests, r => r.Operation == CloudLoggingEmulator.ListOperation);
        foreach (var (where, text) in places)
            Assert.False(text.Contains("ya29.", StringComparison.Ordinal), $"An access token is in {where}");
    }

    [Fact]
    public async Task Cancel_deletes_the_jobs_and_leaves_their_tasks_unknown_and_finished()
    {
        var backend = _cloud.Backend();
        var hold = new TaskCompletionSource();
        _cloud.Worker.Hold = hold.Task;
        var plan = TwoExperiments("20250101-120000-cafe", pointsPerTask: 1);
        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);
        while (_cloud.Worker.Runs.Count == 0)
            await Task.Delay(20, Ct);

        await backend.CancelAsync(submission, Ct);
        var status = await backend.PollAsync(submission, Ct);
        hold.SetResult();

        Assert.Empty(_cloud.Batch.JobNames);
        Assert.True(status.Finished);
        Assert.Equal(plan.Tasks.Count, status.Count(TaskState.Unknown));
        Assert.Contains("no longer knows", status.Message);
        Assert.Equal(2, _cloud.Batch.Requests.Count(r => r.Operation == "batch.projects.locations.jobs.delete"));
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task Cancel_tries_every_job_and_names_the_one_google_would_not_delete()
    {
        using var client = _cloud.Client();
        var refusing = new RefusingFirstDelete(client);
        var backend = new GoogleBatchBackend(_cloud.Options(), refusing, _cloud.StoreOptions, Experiments.Backends.Container.AnonymousRegistryCredentials.Instance);
        var hold = new TaskCompletionSource();
        _cloud.Worker.Hold = hold.Task;
        var plan = TwoExperiments("20250101-120000-0de1", pointsPerTask: 1);
        var submission = await backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct);

        var error = await Assert.ThrowsAsync<BackendUserException>(() => backend.CancelAsync(submission, Ct));
        hold.SetResult();

        // One clear message naming the job left running (no stack trace, no "this is a bug"); the other job is gone.
        var refused = Assert.Single(refusing.Refused);
        Assert.Contains($"Google Batch did not stop 1 of 2 job(s) of {submission.Id}: {refused[(refused.LastIndexOf('/') + 1)..]} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("PERMISSION_DENIED", error.Message, StringComparison.Ordinal);
        Assert.Equal([refused], _cloud.Batch.JobNames.ToArray());
        Assert.Equal(2, refusing.Deletes);
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public async Task A_submission_whose_second_job_is_refused_takes_back_the_first_and_says_why()
    {
        using var client = _cloud.Client();
        var backend = new GoogleBatchBackend(_cloud.Options(), new RefusingSecondCreate(client), _cloud.StoreOptions, Experiments.Backends.Container.AnonymousRegistryCredentials.Instance);
        var plan = TwoExperiments("20250101-120000-0bad", pointsPerTask: 3);

        var error = await Assert.ThrowsAsync<BackendUserException>(() => backend.SubmitAsync(GoogleCloud.Request(plan, _work.Path), Ct));

        Assert.Contains("did not create job", error.Message);
        Assert.Contains("quota exhausted (test)", error.Message);
        Assert.Empty(_cloud.Batch.JobNames);
    }

    [Fact]
    public async Task CreateAsync_checks_the_service_with_one_list_call()
    {
        await using var backend = await GoogleBatchBackend.CreateAsync(_cloud.Options(), GoogleCloud.Credential, Ct);

        Assert.Equal("gcp-batch", backend.Name);
        Assert.Equal((true, 100_000), (backend.Limits.SupportsArrays, backend.Limits.MaxArraySize));
        Assert.Equal("batch.projects.locations.jobs.list", Assert.Single(_cloud.Batch.Requests).Operation);
        Assert.Empty(_cloud.Batch.Violations);
    }

    [Fact]
    public void Points_per_task_aim_at_whole_waves_of_the_parallelism_and_minutes_per_task()
    {
        var big = Descriptors.WithPoints("A.B", 100_000);
        var unbounded = _cloud.Backend();
        var hundred = _cloud.Backend(_cloud.Options(parallelism: 100));

        Assert.Equal(500, unbounded.DefaultPointsPerTask(big, null)); // 200 tasks
        Assert.Equal(500, hundred.DefaultPointsPerTask(big, null)); // two waves of 100
        // 30 s points: at most 60 a task (30 minutes), 1,667 tasks; 1,700 (17 waves of 100) of 59 points.
        Assert.Equal(59, hundred.DefaultPointsPerTask(big, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, unbounded.DefaultPointsPerTask(Descriptors.WithPoints("A.C", 12), null));
    }

    /// <summary>Sum.A: 30 points, Sum.B: 12 points.</summary>
    private static RunPlan TwoExperiments(string runId, int pointsPerTask) =>
        RunPlanner.Plan(runId, [PlanSelection.All(Descriptors.WithPoints("Sum.A", 30)), PlanSelection.All(Descriptors.WithPoints("Sum.B", 12))], pointsPerTask);

    private static void AssertEveryPointOnce(RunPlan plan, IReadOnlyList<PointRecord> records)
    {
        var expected = plan.Tasks.SelectMany(t => t.Points.Select(p => $"{plan.Experiments[t.Experiment].Name}:{p}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Select(r => $"{r.Experiment}:{r.Index}").Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal(PointStatus.Succeeded, r.Status));
    }

    /// <summary>A client whose second jobs.create is refused, as a quota would.</summary>
    private sealed class RefusingSecondCreate(IGoogleBatchClient inner) : IGoogleBatchClient
    {
        private int _creates;

        public Task<Job> CreateJobAsync(string parent, string jobId, Job job, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _creates) == 2
                ? throw new GoogleBatchException("Google Batch refused jobs.create (HTTP 429 RESOURCE_EXHAUSTED): quota exhausted (test).", "jobs.create", 429, "RESOURCE_EXHAUSTED")
                : inner.CreateJobAsync(parent, jobId, job, cancellationToken);

        public Task<Job> GetJobAsync(string name, CancellationToken cancellationToken = default) => inner.GetJobAsync(name, cancellationToken);

        public Task<ListJobsResponse> ListJobsAsync(string parent, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
            inner.ListJobsAsync(parent, filter, pageSize, pageToken, cancellationToken);

        public Task<Operation> DeleteJobAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteJobAsync(name, cancellationToken);

        public Task<ListTasksResponse> ListTasksAsync(string taskGroup, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
            inner.ListTasksAsync(taskGroup, filter, pageSize, pageToken, cancellationToken);

        public Task<ListLogEntriesResponse> ListLogEntriesAsync(ListLogEntriesRequest request, CancellationToken cancellationToken = default) =>
            inner.ListLogEntriesAsync(request, cancellationToken);
    }

    /// <summary>A client that refuses to delete the first job it is asked to, as a missing permission would.</summary>
    private sealed class RefusingFirstDelete(IGoogleBatchClient inner) : IGoogleBatchClient
    {
        private int _deletes;

        public int Deletes => _deletes;

        public List<string> Refused { get; } = [];

        public Task<Operation> DeleteJobAsync(string name, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _deletes) != 1)
                return inner.DeleteJobAsync(name, cancellationToken);
            lock (Refused)
                Refused.Add(name);
            throw new GoogleBatchException("Google Batch refused jobs.delete (HTTP 403 PERMISSION_DENIED): the caller may not delete jobs (test).", "jobs.delete", 403, "PERMISSION_DENIED");
        }

        public Task<Job> CreateJobAsync(string parent, string jobId, Job job, CancellationToken cancellationToken = default) => inner.CreateJobAsync(parent, jobId, job, cancellationToken);

        public Task<Job> GetJobAsync(string name, CancellationToken cancellationToken = default) => inner.GetJobAsync(name, cancellationToken);

        public Task<ListJobsResponse> ListJobsAsync(string parent, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
            inner.ListJobsAsync(parent, filter, pageSize, pageToken, cancellationToken);

        public Task<ListTasksResponse> ListTasksAsync(string taskGroup, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
            inner.ListTasksAsync(taskGroup, filter, pageSize, pageToken, cancellationToken);

        public Task<ListLogEntriesResponse> ListLogEntriesAsync(ListLogEntriesRequest request, CancellationToken cancellationToken = default) =>
            inner.ListLogEntriesAsync(request, cancellationToken);
    }
}
