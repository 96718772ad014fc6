using System.Globalization;
using System.Security.Cryptography;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Backends.AwsBatch.Ecr;
using Experiments.Backends.Cloud;
using Experiments.Registry;
using Experiments.Stores;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// Runs a plan on AWS Batch: the app is a container image (ECR in real use); each submission registers (or reuses, by
/// content) a job definition per distinct resource set and submits one array job per run of consecutive tasks of one
/// experiment, at most 10,000 children each (a lone task is a plain job). Workers read the plan from and write records
/// to S3 under <c>{store}/runs/{runId}</c>, with the job role's credentials; none are ever put in a job.
/// </summary>
public sealed class AwsBatchBackend : IExperimentBackend
{
    public const string BackendName = "aws-batch";

    /// <summary>The default log group of AWS Batch jobs (awslogs without a group of its own).</summary>
    public const string DefaultLogGroup = AwsBatchLogs.DefaultLogGroup;

    /// <summary>How long a cancel waits for terminated jobs to end (running workers record their point as cancelled).</summary>
    private static readonly TimeSpan CancelSettle = TimeSpan.FromSeconds(30);

    /// <summary>A task should run this long at least, to be worth the container's start (image pull, app load).</summary>
    private static readonly TimeSpan TargetTaskDuration = TimeSpan.FromMinutes(5);

    private readonly AwsBatchOptions _options;
    private readonly IAwsBatchClient _client;
    private readonly IDisposable? _ownedClient;
    private readonly AwsBatchSubmitter _submitter;
    private readonly AwsBatchStatus _status;
    private readonly CloudTaskEnds _taskEnds = new("AWS Batch");
    private readonly EcrRegistryCredentials _registry;
    private readonly Dictionary<string, AwsBatchJobDefinitionRef> _definitions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _plansUploaded = new(StringComparer.Ordinal);

    /// <param name="client">The Batch client; null: an <see cref="AwsBatchHttpClient"/> for <paramref name="options"/>, disposed with the backend.</param>
    /// <param name="submitter">How jobs are submitted (tests shorten its waits); null: the default.</param>
    public AwsBatchBackend(AwsBatchOptions options, IAwsBatchClient? client = null, AwsBatchSubmitter? submitter = null, Uri? ecrEndpoint = null)
    {
        var problems = options.Problems(BackendName);
        if (problems.Count > 0)
            throw new ArgumentException("The aws-batch settings have problems: " + string.Join(" ", problems), nameof(options));
        _options = options;
        if (client is null)
        {
            var owned = new AwsBatchHttpClient(options.ClientOptions());
            _ownedClient = owned;
            client = owned;
            Region = owned.Region;
        }
        else
        {
            Region = (client as AwsBatchHttpClient)?.Region ?? options.Region ?? "";
        }
        _client = client;
        _submitter = submitter ?? new AwsBatchSubmitter(client);
        _status = new AwsBatchStatus(client);
        _registry = new EcrRegistryCredentials(options.ClientOptions(), ecrEndpoint);
    }

    /// <summary>
    /// Checks the settings, then that AWS Batch answers for the queue with these credentials (one ListJobs), so a wrong
    /// queue, region or login fails before anything is built.
    /// </summary>
    public static async Task<AwsBatchBackend> CreateAsync(AwsBatchOptions options, CancellationToken cancellationToken)
    {
        AwsBatchBackend backend;
        try
        {
            backend = new AwsBatchBackend(options);
        }
        catch (AwsBatchException e)
        {
            throw new BackendUnavailableException(e.Message, e);
        }
        try
        {
            await backend._client.ListJobsAsync(new ListJobsRequest { JobQueue = options.JobQueue, JobStatus = JobStatuses.Running, MaxResults = 1 }, cancellationToken).ConfigureAwait(false);
            return backend;
        }
        catch (AwsBatchException e)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw new BackendUnavailableException(
                $"AWS Batch does not accept the job queue '{options.JobQueue}' in {backend.Region}: {e.Message}", e);
        }
    }

    public string Name => BackendName;

    public BackendLimits Limits { get; } = new(SupportsArrays: true, AwsBatchArrays.MaxArraySize, MaxTasksPerSubmission: AwsBatchArrays.MaxArraySize);

    public AwsBatchOptions Options => _options;

    /// <summary>The region jobs are submitted in.</summary>
    public string Region { get; }

    /// <summary>Enough points to keep a task busy for a few minutes (a container takes a while to start); 10 when unknown.</summary>
    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration)
    {
        if (typicalPointDuration is not { } typical || typical <= TimeSpan.Zero)
            return 10;
        var points = (int)Math.Clamp(Math.Ceiling(TargetTaskDuration / typical), 1, 1000);
        return experiment.PointCount > 0 ? (int)Math.Min(points, Math.Max(1, experiment.PointCount)) : points;
    }

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, _options.Image, _registry, cancellationToken);

    public async Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runId = request.Plan.RunId;
        var run = CloudRunLocation.For(_options.StoreRoot, runId);
        if (_plansUploaded.Add(runId))
        {
            try
            {
                await CloudRunFiles.UploadPlanAsync(OpenObjectStore(run.Store), request.Plan, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _plansUploaded.Remove(runId);
                throw;
            }
        }

        var planned = AwsBatchJobPlan.Jobs(request.Plan, request.TaskNumbers);
        var prefix = AwsBatchJobPlan.NamePrefix(runId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        var environment = CloudWorkerEnvironment.For(run).Select(v => new EnvironmentVariable(v.Key, v.Value)).ToArray();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["experiments:run"] = runId, ["experiments:package"] = request.Package.Id };
        var requests = new List<SubmitJobRequest>(planned.Count);
        foreach (var job in planned)
        {
            var definition = await DefinitionAsync(request.Package.Location, request.ResourcesOf(job.Experiment), job.MaxPoints, cancellationToken).ConfigureAwait(false);
            var template = new AwsBatchJobTemplate(prefix, _options.JobQueue, definition.Arn, environment, tags);
            requests.Add(AwsBatchArrays.Requests([job.Tasks], template)[0]);
        }

        var ids = await _submitter.SubmitAsync(requests, cancellationToken).ConfigureAwait(false);
        var facts = new AwsBatchSubmissionFacts(planned.Select((job, i) => new AwsBatchJob(ids[i], job.Tasks)).ToArray(), Region, _options.JobQueue, prefix);
        return new Submission(
            BackendName,
            prefix,
            runId,
            request.Package.Id,
            run.Display,
            facts.JobIds,
            request.TaskNumbers,
            DateTimeOffset.UtcNow,
            facts.ToProperties());
    }

    public async Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) =>
        (await PollAllAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One DescribeJobs per 100 jobs over every submission of the run (never one per child); then crashed tasks' open attempts are ended (<see cref="CloudTaskEnds"/>).</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken) =>
        await _taskEnds.RecordAsync(submissions,
            await _status.PollAllAsync(submissions.Select(s => AwsBatchSubmissionFacts.Of(s).Jobs).ToList(), cancellationToken).ConfigureAwait(false),
            s => OpenObjectStore(CloudRunLocation.For(_options.StoreRoot, s.RunId).Store), cancellationToken).ConfigureAwait(false);

    /// <summary>Terminates every job (an array parent takes its children with it), then waits a little for them to end.</summary>
    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        var facts = AwsBatchSubmissionFacts.Of(submission);
        // Every job is tried, whatever happens to the others; the ones AWS would not terminate are named at the end.
        var refused = new List<string>();
        foreach (var job in facts.Jobs)
        {
            try
            {
                await _client.TerminateJobAsync(new TerminateJobRequest(job.JobId, "Cancelled with dotnet experiment."), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsBatchException e)
            {
                refused.Add($"{job.JobId} ({e.Message})");
            }
        }
        if (refused.Count > 0)
            throw new BackendUnavailableException(
                $"AWS Batch did not terminate {refused.Count} of {facts.Jobs.Count} job(s) of {submission.Id}: {string.Join("; ", refused)}. " +
                $"Cancel again, or terminate them with aws batch terminate-job --job-id ID in {Region}.");
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(CancelSettle);
        try
        {
            while (!(await _status.PollAsync(facts.Jobs, settle.Token).ConfigureAwait(false)).Finished)
                await Task.Delay(TimeSpan.FromMilliseconds(500), settle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // TerminateJob was accepted; jobs still stopping end on their own.
        }
    }

    public IResultStore OpenStore(Submission submission) =>
        new ObjectResultStore(OpenObjectStore(CloudRunLocation.For(_options.StoreRoot, submission.RunId).Store));

    /// <summary>The end of each attempt's CloudWatch Logs stream (see <see cref="AwsBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        AwsBatchLogs.FetchAsync(_client, AwsBatchSubmissionFacts.Of(submission), Region, tasks, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _ownedClient?.Dispose();
        _registry.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<AwsBatchJobDefinitionRef> DefinitionAsync(string image, ExperimentResources resources, int maxPoints, CancellationToken cancellationToken)
    {
        var request = AwsBatchJobPlan.Definition(AwsBatchJobPlan.Spec(image, resources, maxPoints, _options), _options);
        var hash = AwsBatchJobDefinitions.ContentHash(request);
        if (_definitions.TryGetValue(hash, out var known))
            return known;
        return _definitions[hash] = await AwsBatchJobDefinitions.EnsureAsync(_client, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The S3 store with this backend's profile and region (the config's region wins over the environment's).</summary>
    private IObjectStore OpenObjectStore(Uri location) => ObjectStores.Open(location, new ObjectStoreOptions
    {
        AwsProfile = _options.Profile,
        Environment = name => name == "AWS_REGION" && !string.IsNullOrEmpty(_options.Region) ? _options.Region : _options.Environment(name),
    });
}
