using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.Registry;
using Experiments.Stores;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Runs a plan on Google Cloud Batch: the app as a container image (Artifact Registry, or any registry), one job of one
/// task group per run of up to 100,000 consecutive tasks of one experiment, each task the image's entry point (the
/// worker) with <c>BATCH_TASK_INDEX</c>; the plan and the records in Cloud Storage under <c>{store}/runs/{run id}</c>.
/// Credentials are Application Default Credentials here, and the VMs' service account where the tasks run.
/// </summary>
public sealed class GoogleBatchBackend : IExperimentBackend
{
    public const string BackendName = "gcp-batch";

    /// <summary>How long a cancel waits for deleted jobs to go (their workers record the running points as cancelled).</summary>
    private static readonly TimeSpan CancelSettle = TimeSpan.FromSeconds(30);

    private readonly GoogleBatchOptions _options;
    private readonly IGoogleBatchClient _client;
    private readonly IRegistryCredentials _registryCredentials;
    private readonly ObjectStoreOptions? _storeOptions;
    private readonly GoogleBatchStatus _status;
    private readonly CloudTaskEnds _taskEnds = new("Google Batch");
    private readonly IDisposable? _ownedClient;

    /// <param name="storeOptions">How the store is reached (a credential, an emulator's environment); null for ADC.</param>
    /// <param name="registryCredentials">null: <see cref="ArtifactRegistryCredentials"/> with ADC.</param>
    public GoogleBatchBackend(GoogleBatchOptions options, IGoogleBatchClient client, ObjectStoreOptions? storeOptions = null, IRegistryCredentials? registryCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
            throw new ArgumentException("The gcp-batch options have problems: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _storeOptions = storeOptions;
        _registryCredentials = registryCredentials ?? new ArtifactRegistryCredentials(storeOptions?.GoogleCredential);
        _status = new GoogleBatchStatus(client);
        _ownedClient = null;
    }

    private GoogleBatchBackend(GoogleBatchOptions options, GoogleBatchHttpClient client, ObjectStoreOptions? storeOptions, IRegistryCredentials? registryCredentials)
        : this(options, (IGoogleBatchClient)client, storeOptions, registryCredentials) => _ownedClient = client;

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
        return new GoogleBatchBackend(options, client, storeOptions, new ArtifactRegistryCredentials(credential));
    }

    public string Name => BackendName;

    /// <summary>Arrays of up to 100,000 tasks; one submission may hold more (the backend splits it into jobs).</summary>
    public BackendLimits Limits { get; } = new(SupportsArrays: true, GoogleBatchJobs.MaxTasksPerJob, int.MaxValue);

    public GoogleBatchOptions Options => _options;

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) =>
        GoogleBatchPacking.PointsPerTask(experiment, typicalPointDuration, _options.Parallelism);

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, _options.Image, _registryCredentials, cancellationToken);

    public async Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = CloudRunLocation.For(_options.StoreUri, request.Plan.RunId);
        using (var store = OpenObjectStore(run.Store))
        {
            try
            {
                await CloudRunFiles.UploadPlanAsync(store, request.Plan, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectStoreException e)
            {
                throw new BackendUnavailableException($"The plan could not be uploaded to {run.Display} (gcp-batch.store): {e.Message}", e);
            }
        }

        var prefix = GoogleBatchJobIds.NewPrefix(request.Plan.RunId);
        var template = new GoogleBatchJobTemplate(
            request.Package.Location,
            CloudWorkerEnvironment.For(run),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [GoogleBatchJobs.RunLabel] = GoogleBatchJobs.LabelValue(request.Plan.RunId),
                [GoogleBatchJobs.PackageLabel] = GoogleBatchJobs.LabelValue(request.Package.Id),
            },
            _options);
        var planned = GoogleBatchJobs.Plan(request, prefix, template);
        var created = new List<GoogleBatchJob>(planned.Count);
        try
        {
            foreach (var job in planned)
            {
                var answer = await _client.CreateJobAsync(_options.Parent, job.JobId, job.Spec, cancellationToken).ConfigureAwait(false);
                created.Add(new GoogleBatchJob(job.JobId, answer.Uid ?? "", job.Tasks));
            }
        }
        catch (Exception e) when (e is GoogleBatchException or OperationCanceledException)
        {
            // Jobs this call created would run unjournaled, beyond cancel and resume: take them back, with the one whose
            // CreateJob was cut short (cancelled, or its answer lost): its id is ours, so it is deleted if it exists.
            IReadOnlyList<GoogleBatchJob> maybe = created.Count < planned.Count
                ? [.. created, new GoogleBatchJob(planned[created.Count].JobId, "", planned[created.Count].Tasks)]
                : created;
            await DeleteAllAsync(new GoogleBatchSubmissionFacts(_options.Project, _options.Region, maybe), CancellationToken.None).ConfigureAwait(false);
            if (e is GoogleBatchException batch)
                throw new BackendUnavailableException($"Google Batch did not create job {planned[created.Count].JobId}: {batch.Message}", batch);
            throw;
        }

        var facts = new GoogleBatchSubmissionFacts(_options.Project, _options.Region, created);
        return new Submission(
            BackendName,
            prefix,
            request.Plan.RunId,
            request.Package.Id,
            run.Display,
            created.Select(j => j.JobId).ToArray(),
            request.TaskNumbers,
            DateTimeOffset.UtcNow,
            facts.ToProperties());
    }

    public async Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) =>
        (await PollAllAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One jobs.get per job of every submission, several at once; then crashed tasks' open attempts are ended (<see cref="CloudTaskEnds"/>).</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken) =>
        await _taskEnds.RecordAsync(submissions, await _status.PollAsync(submissions.Select(GoogleBatchSubmissionFacts.Of).ToArray(), cancellationToken).ConfigureAwait(false),
            s => OpenObjectStore(CloudRunLocation.For(_options.StoreUri, s.RunId).Store), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Deletes the jobs (jobs.cancel is not used: deleting stops the tasks too, and leaves nothing to clean up), then
    /// waits a while for them to go, so the tasks' last records are written before the tool's final read.
    /// </summary>
    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        var facts = GoogleBatchSubmissionFacts.Of(submission);
        await DeleteAllAsync(facts, cancellationToken).ConfigureAwait(false);
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(CancelSettle);
        try
        {
            while (true)
            {
                var status = (await _status.PollAsync([facts], settle.Token).ConfigureAwait(false))[0];
                if (status.Finished)
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(500), settle.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deletes were accepted; jobs still going away end on their own.
        }
    }

    public IResultStore OpenStore(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return new ObjectResultStore(OpenObjectStore(CloudRunLocation.For(_options.StoreUri, submission.RunId).Store));
    }

    /// <summary>The end of each task's output in Cloud Logging (stdout and stderr together; see <see cref="GoogleBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        GoogleBatchLogs.FetchAsync(_client, GoogleBatchSubmissionFacts.Of(submission), tasks, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _ownedClient?.Dispose();
        return ValueTask.CompletedTask;
    }

    private IObjectStore OpenObjectStore(Uri location) => ObjectStores.Open(location, _storeOptions);

    private async Task DeleteAllAsync(GoogleBatchSubmissionFacts facts, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        await Task.WhenAll(facts.Jobs.Select(async job =>
        {
            try
            {
                await _client.DeleteJobAsync(job.Name(facts.Parent), cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleBatchException e) when (e.IsNotFound)
            {
                // Already gone.
            }
            catch (GoogleBatchException e)
            {
                lock (failures)
                    failures.Add($"{job.JobId}: {e.Message}");
            }
        })).ConfigureAwait(false);
        if (failures.Count > 0)
            throw new BackendUnavailableException($"Google Batch did not delete {failures.Count} job(s): {string.Join("; ", failures)}");
    }
}
