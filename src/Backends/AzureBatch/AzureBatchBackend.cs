using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.Stores;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Runs a plan on Azure Batch: the app as a container image in the configured registry, one job per submission on an
/// existing pool or an auto pool deleted with the job, one container task per plan task (added 100 at a
/// time, several collections at once), results to Blob Storage under <c>{store}/runs/{run id}</c>. Status is one
/// Job_GetTaskCounts per job; cancel terminates the jobs.
/// </summary>
/// <param name="options">The bound <c>azure-batch</c> section.</param>
/// <param name="client">The Batch client; null: <see cref="AzureBatchHttpClient"/> on the endpoint.</param>
/// <param name="registryCredentials">The registry login; null: ACR through Entra ID, anonymous elsewhere.</param>
/// <param name="storeOptions">How the result store is reached; null: the environment's (AZURE_STORAGE_KEY, SAS…).</param>
public sealed class AzureBatchBackend(AzureBatchOptions options, IAzureBatchClient? client = null, IRegistryCredentials? registryCredentials = null, ObjectStoreOptions? storeOptions = null)
    : OrchestratedBackend(new AzureBatchAdapter(options, client, registryCredentials, storeOptions))
{
    public const string BackendName = "azure-batch";

    public const string DisplayName = "Azure Batch";

    public AzureBatchOptions Options => options;
}

/// <summary>
/// Azure Batch's hooks for the core: Job_Add, Task_AddCollection and a patch that lets the job end with its tasks;
/// Job_GetTaskCounts per job (Batch has no call that counts many jobs' tasks); Job_Terminate to cancel; Blob Storage as
/// the store. Packing: tasks of about ten minutes (seconds of scheduling and a container start each), in whole waves of
/// an auto pool's slots.
/// </summary>
internal sealed class AzureBatchAdapter : IBatchAdapter
{
    /// <summary>Jobs polled at once.</summary>
    private const int PollConcurrency = 8;

    private readonly AzureBatchOptions _options;
    private readonly IAzureBatchClient _client;
    private readonly IRegistryCredentials _registryCredentials;
    private readonly ObjectStoreOptions? _storeOptions;
    private readonly AzureBatchJobSpec _spec;
    private readonly CloudTaskEnds _taskEnds = new("Azure Batch");
    private readonly Dictionary<string, (int Failed, IReadOnlyList<string> Named)> _failures = new(StringComparer.OrdinalIgnoreCase);

    public AzureBatchAdapter(AzureBatchOptions options, IAzureBatchClient? client, IRegistryCredentials? registryCredentials, ObjectStoreOptions? storeOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(AzureBatchBackend.BackendName);
        if (problems.Count > 0)
            throw new ArgumentException("The azure-batch options have problems: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _client = client ?? CreateClient(options.Endpoint!);
        _registryCredentials = registryCredentials ?? new AcrRegistryCredentials();
        _storeOptions = storeOptions;
        _spec = new AzureBatchJobSpec(options);
        Packing = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), options.AutoPool?.Slots, TasksWithoutSlots: 500);
    }

    public string Name => AzureBatchBackend.BackendName;

    public string DisplayName => AzureBatchBackend.DisplayName;

    /// <summary>A job takes any number of tasks; each is its own task, not an array index.</summary>
    public int MaxTasksPerJob => int.MaxValue;

    public bool SupportsArrays => false;

    public PackingProfile Packing { get; }

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, _options.Image, _registryCredentials, cancellationToken);

    public async Task UploadPlanAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        using var store = ObjectStores.Open(Run(request.Plan.RunId).Store, _storeOptions);
        await CloudRunFiles.UploadPlanAsync(store, request.Plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A random part shared by the submission's job ids, so a <c>JobExists</c> answer can only be its own earlier try; the
    /// submission is named as its first job.
    /// </summary>
    public SubmissionScope Begin(SubmitRequest request)
    {
        var token = AzureBatchIds.NewToken();
        var first = request.TaskNumbers.Count > 0 ? request.TaskNumbers[0] : 0;
        var facts = new AzureBatchSubmissionFacts(_client.Endpoint.ToString(), _options.PoolId ?? AzureBatchSubmissionFacts.AutoPool);
        return new(AzureBatchIds.JobId(request.Plan.RunId, first, token), Run(request.Plan.RunId).Display, facts.ToProperties(), token);
    }

    public async Task<SubmittedJob> SubmitJobAsync(SubmissionScope scope, SubmitRequest request, PlannedJob job, CancellationToken cancellationToken)
    {
        var jobId = JobId(scope, request.Plan.RunId, job);
        await AddJobAsync(_spec.Job(jobId, Run(request.Plan.RunId), request.Package.Location, request.Plan.RunId), cancellationToken).ConfigureAwait(false);
        var tasks = _spec.Tasks(request); // the submission's one job holds all its tasks (SupportsArrays is false)
        await new TaskCollectionSubmitter(_client, _options.ConcurrentChunks).AddAsync(jobId, tasks, cancellationToken).ConfigureAwait(false);
        // Only now may the job end when its tasks have: before, a job whose first tasks finished would end early.
        await _client.PatchJobAsync(jobId, new JobPatchParameter { OnAllTasksComplete = "terminatejob" }, cancellationToken).ConfigureAwait(false);
        return new SubmittedJob(jobId, job.Tasks);
    }

    /// <summary>Deletes the started jobs and the half-added one (its id is ours): none of them is in any journal.</summary>
    public async Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, CancellationToken cancellationToken)
    {
        var ids = started.Select(j => j.Id).ToList();
        if (unsure is not null)
            ids.Add(JobId(scope, request.Plan.RunId, unsure));
        var failures = new List<string>();
        foreach (var id in ids)
        {
            try
            {
                await _client.DeleteJobAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (AzureBatchException e) when (e.StatusCode == 404)
            {
                // Never created, or already gone.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{id}: {e.Message}");
            }
        }
        if (failures.Count > 0)
            throw new BackendUserException($"Azure Batch did not delete {failures.Count} job(s): {string.Join("; ", failures)}");
    }

    public async Task<IReadOnlyList<JobReport>> PollAsync(IReadOnlyList<SubmissionJobs> submissions, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(PollConcurrency);
        async Task<JobReport> PollOneAsync(SubmittedJob job)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PollJobAsync(job, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        return await Task.WhenAll(submissions.SelectMany(s => s.Jobs).Select(PollOneAsync)).ConfigureAwait(false);
    }

    /// <summary>Crashed tasks' open attempts are ended once their submission finished (<see cref="CloudTaskEnds"/>).</summary>
    public Task<IReadOnlyList<SubmissionStatus>> AfterPollAsync(IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, CancellationToken cancellationToken) =>
        _taskEnds.RecordAsync(submissions, statuses, s => ObjectStores.Open(Run(s.RunId).Store, _storeOptions), cancellationToken);

    public async Task<IReadOnlyList<RefusedJob>> CancelJobsAsync(SubmissionJobs submission, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedJob>();
        foreach (var job in submission.Jobs)
        {
            try
            {
                await _client.TerminateJobAsync(job.Id, "cancelled by dotnet experiment", cancellationToken).ConfigureAwait(false);
            }
            catch (AzureBatchException e) when (e.StatusCode is 404 or 409)
            {
                // Gone, or already completed or terminating.
            }
            catch (AzureBatchException e)
            {
                refused.Add(new RefusedJob(job.Id, e.Message));
            }
        }
        return refused;
    }

    public string StopByHand(IReadOnlyList<string> jobIds) => $"az batch job stop --job-id JOB --account-endpoint {_client.Endpoint}, for each of {string.Join(", ", jobIds)}";

    public IResultStore OpenStore(Submission submission) =>
        new ObjectResultStore(ObjectStores.Open(Run(submission.RunId).Store, _storeOptions));

    /// <summary>Each task's stdout.txt and stderr.txt, fetched from its node (see <see cref="AzureBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        AzureBatchLogs.FetchAsync(_client, submission, tasks, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CloudRunLocation Run(string runId) => CloudRunLocation.For(_options.Store!, runId);

    private static string JobId(SubmissionScope scope, string runId, PlannedJob job) => AzureBatchIds.JobId(runId, job.Tasks.Offset, scope.Token!);

    private static AzureBatchHttpClient CreateClient(Uri endpoint)
    {
        try
        {
            return new AzureBatchHttpClient(endpoint);
        }
        catch (AzureBatchException e)
        {
            throw new BackendUnavailableException(e.Message, e);
        }
    }

    private async Task AddJobAsync(JobAddParameter job, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AddJobAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureBatchException e) when (e.ErrorCode == "JobExists")
        {
            // The id is new to this submission: an earlier try of this call created it before its answer was lost.
        }
        catch (AzureBatchException e) when (e.IsUnavailable)
        {
            throw new BackendUnavailableException(e.Message, e);
        }
    }

    private async Task<JobReport> PollJobAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        TaskCounts counts;
        try
        {
            counts = await _client.GetTaskCountsAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureBatchException e) when (e.StatusCode == 404)
        {
            return JobReport.Forgotten(job.Tasks.Count);
        }
        catch (AzureBatchException e)
        {
            return JobReport.All(TaskState.Unknown, job.Tasks.Count, final: false) with { Note = $"The Azure Batch status query failed: {e.Message}; asking again." };
        }

        // Nothing running and work left: the job may have ended without running it (terminated, time limit, an auto
        // pool that could not be made). Asked only then, so a poll costs one call while tasks run.
        var jobEnded = false;
        string? note = null;
        if (counts.Completed < job.Tasks.Count && counts.Running == 0)
        {
            var detail = await _client.GetJobAsync(job.Id, "id,state,executionInfo", cancellationToken).ConfigureAwait(false);
            jobEnded = detail is null || AzureBatchStatus.HasEnded(detail);
            if (detail?.ExecutionInfo?.SchedulingError is { } error)
                note = $"Azure Batch could not schedule job {job.Id}: {error.Code} {error.Message}".TrimEnd();
            else if (jobEnded && detail?.ExecutionInfo?.TerminateReason is { } reason)
                note = $"Azure Batch job {job.Id} ended ({reason}) with {job.Tasks.Count - counts.Completed} task(s) not run.";
        }
        return AzureBatchStatus.From(counts, job.Tasks.Count, jobEnded, await FailuresAsync(job.Id, counts.Failed, cancellationToken).ConfigureAwait(false), note);
    }

    /// <summary>When the failed count grows, a few failed tasks with their exit codes and reasons (one Task_List call).</summary>
    private async Task<IReadOnlyList<string>> FailuresAsync(string jobId, int failed, CancellationToken cancellationToken)
    {
        lock (_failures)
            if (_failures.TryGetValue(jobId, out var known) && failed <= known.Failed)
                return known.Named;
        if (failed == 0)
            return [];
        IReadOnlyList<string> named;
        try
        {
            var tasks = await _client.ListTasksAsync(jobId, new TaskListOptions
            {
                Filter = "state eq 'completed' and executionInfo/result eq 'failure'",
                Select = "id,executionInfo",
                MaxResults = OrchestratedBackend.NamedFailures,
                Limit = OrchestratedBackend.NamedFailures,
            }, cancellationToken).ConfigureAwait(false);
            named = tasks.Select(Describe).ToArray();
        }
        catch (AzureBatchException)
        {
            return []; // the counts are right without names; the next poll tries again
        }
        lock (_failures)
            _failures[jobId] = (failed, named);
        return named;
    }

    private static string Describe(CloudTask task)
    {
        var info = task.ExecutionInfo;
        var failure = info?.FailureInfo;
        return $"task {task.Id}" + (info?.ExitCode is { } code ? $" exit code {code}" : "")
            + (failure is null ? "" : $" ({failure.Code}{(failure.Message is { } m ? ": " + m : "")})")
            + (info is { RetryCount: > 0 } ? $" after {info.RetryCount} retr{(info.RetryCount == 1 ? "y" : "ies")}" : "");
    }
}
