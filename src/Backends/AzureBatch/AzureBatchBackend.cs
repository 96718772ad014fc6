using System.Collections.Concurrent;
using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.Registry;
using Experiments.Stores;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Runs a plan on Azure Batch: the app as a container image in the configured registry, one job per submission on an
/// existing pool or an auto pool deleted with the job, one container task per plan task (added 100 at a time, several
/// collections at once), results to Blob Storage under <c>{store}/runs/{run id}</c>. Status is one Job_GetTaskCounts per
/// job; cancel terminates the job.
/// </summary>
public sealed class AzureBatchBackend : IExperimentBackend
{
    public const string BackendName = "azure-batch";

    /// <summary>How long a cancel waits for the terminated job to complete (running tasks are killed).</summary>
    private static readonly TimeSpan CancelSettle = TimeSpan.FromSeconds(30);

    /// <summary>Jobs polled at once.</summary>
    private const int PollConcurrency = 8;

    /// <summary>Failed tasks named in a status message.</summary>
    private const int FailuresShown = 3;

    private readonly AzureBatchOptions _options;
    private readonly IAzureBatchClient _client;
    private readonly IRegistryCredentials _registryCredentials;
    private readonly ObjectStoreOptions? _storeOptions;
    private readonly AzureBatchJobSpec _spec;
    private readonly CloudTaskEnds _taskEnds = new("Azure Batch");
    private readonly ConcurrentDictionary<string, (int Failed, string? Message)> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="options">The bound <c>azure-batch</c> section.</param>
    /// <param name="client">The Batch client; null: <see cref="AzureBatchHttpClient"/> on the endpoint.</param>
    /// <param name="registryCredentials">The registry login; null: ACR through Entra ID, anonymous elsewhere.</param>
    /// <param name="storeOptions">How the result store is reached; null: the environment's (AZURE_STORAGE_KEY, SAS…).</param>
    public AzureBatchBackend(AzureBatchOptions options, IAzureBatchClient? client = null, IRegistryCredentials? registryCredentials = null, ObjectStoreOptions? storeOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(BackendName);
        if (problems.Count > 0)
            throw new ArgumentException("The azure-batch options have problems: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _client = client ?? CreateClient(options.Endpoint!);
        _registryCredentials = registryCredentials ?? new AcrRegistryCredentials();
        _storeOptions = storeOptions;
        _spec = new AzureBatchJobSpec(options);
    }

    public string Name => BackendName;

    /// <summary>A job takes any number of tasks; they are not an array, each is its own task.</summary>
    public BackendLimits Limits { get; } = new(SupportsArrays: false, MaxArraySize: int.MaxValue, MaxTasksPerSubmission: int.MaxValue);

    public AzureBatchOptions Options => _options;

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) =>
        AzureBatchPacking.PointsPerTask(experiment, typicalPointDuration, _options.AutoPool?.Slots);

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, _options.Image, _registryCredentials, cancellationToken);

    public async Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        var run = CloudRunLocation.For(_options.Store!, plan.RunId);
        using (var store = ObjectStores.Open(run.Store, _storeOptions))
            await CloudRunFiles.UploadPlanAsync(store, plan, cancellationToken).ConfigureAwait(false);

        var numbers = request.TaskNumbers;
        var tasks = _spec.Tasks(request);
        var jobId = AzureBatchIds.NewJobId(plan.RunId, numbers.Count > 0 ? numbers[0] : 0);
        await AddJobAsync(_spec.Job(jobId, run, request.Package.Location, plan.RunId), cancellationToken).ConfigureAwait(false);
        try
        {
            if (tasks.Tasks.Count > 0)
                await new TaskCollectionSubmitter(_client, _options.ConcurrentChunks).AddAsync(jobId, tasks, cancellationToken).ConfigureAwait(false);
            // Only now may the job end when its tasks have: before, a job whose first tasks finished would end early.
            await _client.PatchJobAsync(jobId, new JobPatchParameter { OnAllTasksComplete = "terminatejob" }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AzureBatchException or OperationCanceledException)
        {
            // A half-added job is in no journal, so nothing could cancel or resume it: remove it.
            await DeleteQuietlyAsync(jobId).ConfigureAwait(false);
            throw;
        }

        var facts = new AzureBatchSubmissionFacts(_client.Endpoint.ToString(), jobId, _options.PoolId ?? AzureBatchSubmissionFacts.AutoPool);
        return new Submission(BackendName, jobId, plan.RunId, request.Package.Id, run.Display, [jobId], numbers, DateTimeOffset.UtcNow, facts.ToProperties());
    }

    public async Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) =>
        (await PollAllAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One Job_GetTaskCounts per job, several at once; Batch has no call that counts many jobs' tasks.</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(PollConcurrency);
        async Task<SubmissionStatus> PollOneAsync(Submission submission)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PollJobAsync(submission, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        // Then crashed tasks' open attempts are ended (CloudTaskEnds).
        return await _taskEnds.RecordAsync(submissions, await Task.WhenAll(submissions.Select(PollOneAsync)).ConfigureAwait(false),
            s => ObjectStores.Open(CloudRunLocation.For(_options.Store!, s.RunId).Store, _storeOptions), cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        var facts = AzureBatchSubmissionFacts.Of(submission);
        try
        {
            await _client.TerminateJobAsync(facts.JobId, "cancelled by dotnet experiment", cancellationToken).ConfigureAwait(false);
        }
        catch (AzureBatchException e) when (e.StatusCode is 404 or 409)
        {
            return; // gone, or already completed or terminating
        }
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(CancelSettle);
        try
        {
            while (await _client.GetJobAsync(facts.JobId, "id,state", settle.Token).ConfigureAwait(false) is { State: not "completed" })
                await Task.Delay(TimeSpan.FromMilliseconds(300), settle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Terminate was accepted; the job completes on its own.
        }
    }

    public IResultStore OpenStore(Submission submission) =>
        new ObjectResultStore(ObjectStores.Open(CloudRunLocation.For(_options.Store!, submission.RunId).Store, _storeOptions));

    /// <summary>Each task's stdout.txt and stderr.txt, fetched from its node (see <see cref="AzureBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        AzureBatchLogs.FetchAsync(_client, submission, tasks, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

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

    private async Task<SubmissionStatus> PollJobAsync(Submission submission, CancellationToken cancellationToken)
    {
        var facts = AzureBatchSubmissionFacts.Of(submission);
        var expected = submission.Tasks.Count;
        TaskCounts counts;
        try
        {
            counts = await _client.GetTaskCountsAsync(facts.JobId, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureBatchException e) when (e.StatusCode == 404)
        {
            return new SubmissionStatus(new Dictionary<TaskState, int> { [TaskState.Unknown] = expected }, Finished: true,
                $"Azure Batch job {facts.JobId} no longer exists (deleted); its unrecorded points can be run again with resume.");
        }
        catch (AzureBatchException e)
        {
            return new SubmissionStatus(new Dictionary<TaskState, int> { [TaskState.Unknown] = expected }, Finished: false, e.Message);
        }

        // Nothing running and work left: the job may have ended without running it (terminated, time limit, an auto
        // pool that could not be made). Asked only then, so a poll costs one call while tasks run.
        var jobEnded = false;
        string? jobMessage = null;
        if (counts.Completed < expected && counts.Running == 0)
        {
            var job = await _client.GetJobAsync(facts.JobId, "id,state,executionInfo", cancellationToken).ConfigureAwait(false);
            jobEnded = job is null || AzureBatchStatus.HasEnded(job);
            if (job?.ExecutionInfo?.SchedulingError is { } error)
                jobMessage = $"Azure Batch could not schedule job {facts.JobId}: {error.Code} {error.Message}".TrimEnd();
            else if (jobEnded && job?.ExecutionInfo?.TerminateReason is { } reason)
                jobMessage = $"Azure Batch job {facts.JobId} ended ({reason}) with {expected - counts.Completed} task(s) not run.";
        }
        var failures = await FailureMessageAsync(facts.JobId, counts.Failed, cancellationToken).ConfigureAwait(false);
        return AzureBatchStatus.From(counts, expected, jobEnded, jobMessage ?? failures);
    }

    /// <summary>When the failed count grows, a few failed tasks with their exit codes and reasons (one Task_List call).</summary>
    private async Task<string?> FailureMessageAsync(string jobId, int failed, CancellationToken cancellationToken)
    {
        var known = _failures.GetValueOrDefault(jobId);
        if (failed <= known.Failed)
            return known.Message;
        string? message;
        try
        {
            var tasks = await _client.ListTasksAsync(jobId, new TaskListOptions
            {
                Filter = "state eq 'completed' and executionInfo/result eq 'failure'",
                Select = "id,executionInfo",
                MaxResults = FailuresShown,
                Limit = FailuresShown,
            }, cancellationToken).ConfigureAwait(false);
            message = $"{failed} Azure Batch task(s) of job {jobId} failed: " + string.Join("; ", tasks.Select(Describe))
                + (failed > tasks.Count ? "; …" : "") + ". Their logs: dotnet experiment logs.";
        }
        catch (AzureBatchException)
        {
            message = $"{failed} Azure Batch task(s) of job {jobId} failed.";
        }
        _failures[jobId] = (failed, message);
        return message;
    }

    private static string Describe(CloudTask task)
    {
        var info = task.ExecutionInfo;
        var failure = info?.FailureInfo;
        return $"task {task.Id}" + (info?.ExitCode is { } code ? $" exit code {code}" : "")
            + (failure is null ? "" : $" ({failure.Code}{(failure.Message is { } m ? ": " + m : "")})")
            + (info is { RetryCount: > 0 } ? $" after {info.RetryCount} retr{(info.RetryCount == 1 ? "y" : "ies")}" : "");
    }

    private async Task DeleteQuietlyAsync(string jobId)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.DeleteJobAsync(jobId, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AzureBatchException or OperationCanceledException)
        {
            // The submission's own error is the one to show.
        }
    }
}
