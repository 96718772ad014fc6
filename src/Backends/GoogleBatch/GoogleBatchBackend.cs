using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.Stores;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Runs a plan on Google Cloud Batch: the app as a container image (Artifact Registry, or any registry), one job of one
/// task group per run of up to 100,000 consecutive tasks of one experiment, each task the image's entry point (the
/// worker) with <c>BATCH_TASK_INDEX</c>; the plan and the records in Cloud Storage under <c>{store}/runs/{run id}</c>.
/// Credentials are Application Default Credentials here, and the VMs' service account where the tasks run.
/// </summary>
public sealed class GoogleBatchBackend : OrchestratedBackend
{
    public const string BackendName = "gcp-batch";

    public const string DisplayName = "Google Batch";

    /// <param name="storeOptions">How the store is reached (a credential, an emulator's environment); null for ADC.</param>
    /// <param name="registryCredentials">null: <see cref="ArtifactRegistryCredentials"/> with ADC.</param>
    public GoogleBatchBackend(GoogleBatchOptions options, IGoogleBatchClient client, ObjectStoreOptions? storeOptions = null, IRegistryCredentials? registryCredentials = null)
        : base(new GoogleBatchAdapter(options, client, storeOptions, registryCredentials, owned: false))
    {
    }

    private GoogleBatchBackend(GoogleBatchAdapter adapter)
        : base(adapter)
    {
    }

    public GoogleBatchOptions Options => ((GoogleBatchAdapter)Adapter).Options;

    /// <summary>
    /// The backend with its HTTP client, after one jobs.list that proves the credentials, project and region work, so a
    /// service that cannot be used fails here (<see cref="BackendUnavailableException"/>), before anything is built.
    /// </summary>
    /// <param name="credential">null: Application Default Credentials.</param>
    public static async Task<GoogleBatchBackend> CreateAsync(GoogleBatchOptions options, GoogleCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new GoogleBatchHttpClient(new GoogleBatchClientOptions { Endpoint = options.EndpointUri, LoggingEndpoint = options.LoggingEndpointUri, Credential = credential });
        try
        {
            await client.ListJobsAsync(options.Parent, pageSize: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleBatchException e)
        {
            client.Dispose();
            throw new BackendUnavailableException(
                $"Google Batch in project {options.Project}, region {options.Region} ({client.Endpoint}) cannot be used: {e.Message}", e);
        }
        var storeOptions = credential is null ? null : new ObjectStoreOptions { GoogleCredential = credential };
        return new GoogleBatchBackend(new GoogleBatchAdapter(options, client, storeOptions, new ArtifactRegistryCredentials(credential), owned: true));
    }
}

/// <summary>
/// Google Batch's hooks for the core: jobs.create per job, jobs.delete to cancel (it stops the tasks too, and leaves
/// nothing to clean up), jobs.get per job to poll, Cloud Storage as the store. Packing: tasks of 2 to 30 minutes (a VM
/// slot, an image pull and the app's start cost tens of seconds), in whole waves of <c>parallelism</c>.
/// </summary>
internal sealed class GoogleBatchAdapter : IBatchAdapter
{
    private readonly IGoogleBatchClient _client;
    private readonly ObjectStoreOptions? _storeOptions;
    private readonly IRegistryCredentials _registryCredentials;
    private readonly GoogleBatchStatus _status;
    private readonly CloudTaskEnds _taskEnds = new(GoogleBatchBackend.DisplayName);
    private readonly bool _owned;

    public GoogleBatchAdapter(GoogleBatchOptions options, IGoogleBatchClient client, ObjectStoreOptions? storeOptions, IRegistryCredentials? registryCredentials, bool owned)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
            throw new ArgumentException("The gcp-batch options have problems: " + string.Join(" ", problems), nameof(options));
        Options = options;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _storeOptions = storeOptions;
        _registryCredentials = registryCredentials ?? new ArtifactRegistryCredentials(storeOptions?.GoogleCredential);
        _status = new GoogleBatchStatus(client);
        _owned = owned;
        Packing = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30), options.Parallelism, TasksWithoutSlots: 200);
    }

    public GoogleBatchOptions Options { get; }

    public string Name => GoogleBatchBackend.BackendName;

    public string DisplayName => GoogleBatchBackend.DisplayName;

    public int MaxTasksPerJob => GoogleBatchJobs.MaxTasksPerJob;

    /// <summary>A submission may hold more than one job's tasks: the core splits it into jobs.</summary>
    public int MaxTasksPerSubmission => int.MaxValue;

    public PackingProfile Packing { get; }

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, Options.Image, _registryCredentials, cancellationToken);

    public async Task UploadPlanAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        using var store = ObjectStores.Open(Run(request.Plan.RunId).Store, _storeOptions);
        await CloudRunFiles.UploadPlanAsync(store, request.Plan, cancellationToken).ConfigureAwait(false);
    }

    public SubmissionScope Begin(SubmitRequest request) =>
        new(GoogleBatchJobIds.NewPrefix(request.Plan.RunId), Run(request.Plan.RunId).Display, Facts([]).ScopeProperties());

    public async Task<SubmittedJob> SubmitJobAsync(SubmissionScope scope, SubmitRequest request, PlannedJob job, CancellationToken cancellationToken)
    {
        var template = new GoogleBatchJobTemplate(
            request.Package.Location,
            CloudWorkerEnvironment.For(Run(request.Plan.RunId)),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [GoogleBatchJobs.RunLabel] = GoogleBatchJobs.LabelValue(request.Plan.RunId),
                [GoogleBatchJobs.PackageLabel] = GoogleBatchJobs.LabelValue(request.Package.Id),
            },
            Options);
        var planned = GoogleBatchJobs.Request(request, scope.Id!, job, template);
        try
        {
            var answer = await _client.CreateJobAsync(Options.Parent, planned.JobId, planned.Spec, cancellationToken).ConfigureAwait(false);
            return new SubmittedJob(planned.JobId, job.Tasks, answer.Uid ?? "");
        }
        catch (GoogleBatchException e)
        {
            throw new BackendUserException($"Google Batch did not create job {planned.JobId}: {e.Message}", null, e);
        }
    }

    /// <summary>Deletes the started jobs and the one whose jobs.create was cut short: its id is ours, so it goes if it exists.</summary>
    public async Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, CancellationToken cancellationToken)
    {
        IReadOnlyList<SubmittedJob> jobs = unsure is null ? started : [.. started, new SubmittedJob(GoogleBatchJobIds.For(scope.Id!, unsure.Tasks.Offset), unsure.Tasks)];
        var refused = await DeleteAllAsync(Facts(jobs), cancellationToken).ConfigureAwait(false);
        if (refused.Count > 0)
            throw new BackendUserException($"Google Batch did not delete {refused.Count} job(s): {string.Join("; ", refused.Select(r => $"{r.JobId}: {r.Why}"))}");
    }

    /// <summary>One jobs.get per job of every submission, several at once.</summary>
    public Task<IReadOnlyList<JobReport>> PollAsync(IReadOnlyList<SubmissionJobs> submissions, CancellationToken cancellationToken) =>
        _status.ReportAsync(submissions.Select(s => GoogleBatchSubmissionFacts.Of(s.Submission)).ToArray(), cancellationToken);

    /// <summary>Crashed tasks' open attempts are ended once their submission finished (<see cref="CloudTaskEnds"/>).</summary>
    public Task<IReadOnlyList<SubmissionStatus>> AfterPollAsync(IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, CancellationToken cancellationToken) =>
        _taskEnds.RecordAsync(submissions, statuses, s => ObjectStores.Open(Run(s.RunId).Store, _storeOptions), cancellationToken);

    public Task<IReadOnlyList<RefusedJob>> CancelJobsAsync(SubmissionJobs submission, CancellationToken cancellationToken) =>
        DeleteAllAsync(GoogleBatchSubmissionFacts.Of(submission.Submission), cancellationToken);

    public string StopByHand(IReadOnlyList<string> jobIds) =>
        $"gcloud batch jobs delete JOB --project {Options.Project} --location {Options.Region}, for each of {string.Join(", ", jobIds)}";

    public IResultStore OpenStore(Submission submission) =>
        new ObjectResultStore(ObjectStores.Open(Run(submission.RunId).Store, _storeOptions));

    /// <summary>The end of each task's output in Cloud Logging (stdout and stderr together; see <see cref="GoogleBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        GoogleBatchLogs.FetchAsync(_client, GoogleBatchSubmissionFacts.Of(submission.Submission), tasks, cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (_owned)
            (_client as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    private CloudRunLocation Run(string runId) => CloudRunLocation.For(Options.StoreUri, runId);

    private GoogleBatchSubmissionFacts Facts(IReadOnlyList<SubmittedJob> jobs) => new(Options.Project, Options.Region, jobs);

    /// <summary>Deletes every job at once (one already gone counts as deleted); returns those Batch would not delete.</summary>
    private async Task<IReadOnlyList<RefusedJob>> DeleteAllAsync(GoogleBatchSubmissionFacts facts, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedJob>();
        await Task.WhenAll(facts.Jobs.Select(async job =>
        {
            try
            {
                await _client.DeleteJobAsync(facts.Name(job), cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleBatchException e) when (e.IsNotFound)
            {
                // Already gone.
            }
            catch (GoogleBatchException e)
            {
                lock (refused)
                    refused.Add(new RefusedJob(job.Id, e.Message));
            }
        })).ConfigureAwait(false);
        return refused;
    }
}
