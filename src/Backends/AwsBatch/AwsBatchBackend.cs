using System.Globalization;
using System.Security.Cryptography;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Backends.AwsBatch.Ecr;
using Experiments.Backends.Cloud;
using Experiments.Stores;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// Runs a plan on AWS Batch: the app is a container image (ECR in real use); each submission registers (or reuses, by
/// content) a job definition per distinct resource set and submits one array job per run of consecutive tasks of one
/// experiment, at most 10,000 children each (a lone task is a plain job). Workers read the plan from and write records
/// to S3 under <c>{store}/runs/{runId}</c>, with the job role's credentials; none are ever put in a job.
/// </summary>
/// <param name="client">The Batch client; null: an <see cref="AwsBatchHttpClient"/> for <paramref name="options"/>, disposed with the backend.</param>
/// <param name="submitter">How jobs are submitted (tests shorten its waits); null: the default.</param>
public sealed class AwsBatchBackend(AwsBatchOptions options, IAwsBatchClient? client = null, AwsBatchSubmitter? submitter = null, Uri? ecrEndpoint = null)
    : OrchestratedBackend(new AwsBatchAdapter(options, client, submitter, ecrEndpoint))
{
    public const string BackendName = "aws-batch";

    public const string DisplayName = "AWS Batch";

    /// <summary>The default log group of AWS Batch jobs (awslogs without a group of its own).</summary>
    public const string DefaultLogGroup = AwsBatchLogs.DefaultLogGroup;

    public AwsBatchOptions Options => options;

    /// <summary>The region jobs are submitted in.</summary>
    public string Region => ((AwsBatchAdapter)Adapter).Region;

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
            await ((AwsBatchAdapter)backend.Adapter).Client.ListJobsAsync(new ListJobsRequest { JobQueue = options.JobQueue, JobStatus = JobStatuses.Running, MaxResults = 1 }, cancellationToken).ConfigureAwait(false);
            return backend;
        }
        catch (AwsBatchException e)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw new BackendUnavailableException($"AWS Batch does not accept the job queue '{options.JobQueue}' in {backend.Region}: {e.Message}", e);
        }
    }
}

/// <summary>AWS Batch's hooks for the core: SubmitJob (array or plain), TerminateJob, DescribeJobs, S3 as the store.</summary>
internal sealed class AwsBatchAdapter : IBatchAdapter
{
    private readonly AwsBatchOptions _options;
    private readonly IDisposable? _ownedClient;
    private readonly AwsBatchSubmitter _submitter;
    private readonly AwsBatchStatus _status;
    private readonly CloudTaskEnds _taskEnds = new(AwsBatchBackend.DisplayName);
    private readonly EcrRegistryCredentials _registry;
    private readonly Dictionary<string, AwsBatchJobDefinitionRef> _definitions = new(StringComparer.Ordinal);

    public AwsBatchAdapter(AwsBatchOptions options, IAwsBatchClient? client, AwsBatchSubmitter? submitter, Uri? ecrEndpoint)
    {
        var problems = options.Problems(AwsBatchBackend.BackendName);
        if (problems.Count > 0)
            throw new ArgumentException("The aws-batch settings have problems: " + string.Join(" ", problems), nameof(options));
        _options = options;
        if (client is null)
        {
            var owned = new AwsBatchHttpClient(options.ClientOptions());
            _ownedClient = owned;
            client = owned;
        }
        Region = (client as AwsBatchHttpClient)?.Region ?? options.Region ?? "";
        Client = client;
        _submitter = submitter ?? new AwsBatchSubmitter(client);
        _status = new AwsBatchStatus(client);
        _registry = new EcrRegistryCredentials(options.ClientOptions(), ecrEndpoint);
    }

    public IAwsBatchClient Client { get; }

    public string Region { get; }

    public string Name => AwsBatchBackend.BackendName;

    public string DisplayName => AwsBatchBackend.DisplayName;

    public int MaxTasksPerJob => AwsBatchArrays.MaxArraySize;

    /// <summary>Tasks of about five minutes (a container takes a while to start); 10 points when durations are unknown.</summary>
    public PackingProfile Packing { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), Slots: null, TasksWithoutSlots: 1, MaxPointsPerTask: 1000, PointsWithoutDurations: 10);

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        CloudPackaging.PrepareAsync(request, _options.Image, _registry, cancellationToken);

    public Task UploadPlanAsync(SubmitRequest request, CancellationToken cancellationToken) =>
        CloudRunFiles.UploadPlanAsync(OpenObjectStore(Run(request.Plan.RunId).Store), request.Plan, cancellationToken);

    public SubmissionScope Begin(SubmitRequest request)
    {
        var prefix = AwsBatchJobPlan.NamePrefix(request.Plan.RunId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        return new SubmissionScope(prefix, Run(request.Plan.RunId).Display, new AwsBatchSubmissionFacts([], Region, _options.JobQueue, prefix).ScopeProperties());
    }

    public async Task<SubmittedJob> SubmitJobAsync(SubmissionScope scope, SubmitRequest request, PlannedJob job, CancellationToken cancellationToken)
    {
        var definition = await DefinitionAsync(request.Package.Location, request.ResourcesOf(job.Experiment), job.MaxPoints, cancellationToken).ConfigureAwait(false);
        return new SubmittedJob(await _submitter.SubmitAsync(Request(scope, request, job, definition.Arn), cancellationToken).ConfigureAwait(false), job.Tasks);
    }

    /// <summary>Terminates the started jobs and, if a last lookup by its name finds it, the one whose answer was lost.</summary>
    public Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, CancellationToken cancellationToken) =>
        _submitter.WithdrawAsync(
            started.Select(j => j.Id).ToArray(),
            unsure is null ? null : new JobName(AwsBatchArrays.JobName(scope.Id!, unsure.Tasks), _options.JobQueue));

    /// <summary>One DescribeJobs per 100 jobs over every submission of the run (never one per child).</summary>
    public Task<IReadOnlyList<JobReport>> PollAsync(IReadOnlyList<SubmissionJobs> submissions, CancellationToken cancellationToken) =>
        _status.ReportAsync(submissions.SelectMany(s => s.Jobs).ToArray(), cancellationToken);

    /// <summary>Crashed tasks' open attempts are ended once their submission finished (<see cref="CloudTaskEnds"/>).</summary>
    public Task<IReadOnlyList<SubmissionStatus>> AfterPollAsync(IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, CancellationToken cancellationToken) =>
        _taskEnds.RecordAsync(submissions, statuses, s => OpenObjectStore(Run(s.RunId).Store), cancellationToken);

    /// <summary>Terminates every job (an array parent takes its children with it), whatever happens to the others.</summary>
    public async Task<IReadOnlyList<RefusedJob>> CancelJobsAsync(SubmissionJobs submission, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedJob>();
        foreach (var job in submission.Jobs)
        {
            try
            {
                await Client.TerminateJobAsync(new TerminateJobRequest(job.Id, "Cancelled with dotnet experiment."), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsBatchException e)
            {
                refused.Add(new RefusedJob(job.Id, e.Message));
            }
        }
        return refused;
    }

    public string StopByHand(IReadOnlyList<string> jobIds) => $"aws batch terminate-job --job-id ID, in {Region}, for each of {string.Join(", ", jobIds)}";

    public IResultStore OpenStore(Submission submission) => new ObjectResultStore(OpenObjectStore(Run(submission.RunId).Store));

    /// <summary>The end of each attempt's CloudWatch Logs stream (see <see cref="AwsBatchLogs"/>).</summary>
    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        AwsBatchLogs.FetchAsync(Client, submission, Region, tasks, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _ownedClient?.Dispose();
        _registry.Dispose();
        return ValueTask.CompletedTask;
    }

    private CloudRunLocation Run(string runId) => CloudRunLocation.For(_options.StoreRoot, runId);

    /// <summary>The job's SubmitJob request: the run's store and plan, the task offset, and tags naming the run.</summary>
    private SubmitJobRequest Request(SubmissionScope scope, SubmitRequest request, PlannedJob job, string definitionArn)
    {
        var environment = CloudWorkerEnvironment.For(Run(request.Plan.RunId)).Select(v => new EnvironmentVariable(v.Key, v.Value)).ToArray();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["experiments:run"] = request.Plan.RunId, ["experiments:package"] = request.Package.Id };
        return AwsBatchArrays.Requests([job.Tasks], new AwsBatchJobTemplate(scope.Id!, _options.JobQueue, definitionArn, environment, tags))[0];
    }

    private async Task<AwsBatchJobDefinitionRef> DefinitionAsync(string image, Registry.ExperimentResources resources, int maxPoints, CancellationToken cancellationToken)
    {
        var request = AwsBatchJobPlan.Definition(AwsBatchJobPlan.Spec(image, resources, maxPoints, _options), _options);
        var hash = AwsBatchJobDefinitions.ContentHash(request);
        if (_definitions.TryGetValue(hash, out var known))
            return known;
        return _definitions[hash] = await AwsBatchJobDefinitions.EnsureAsync(Client, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The S3 store with this backend's profile and region (the config's region wins over the environment's).</summary>
    private IObjectStore OpenObjectStore(Uri location) => ObjectStores.Open(location, new ObjectStoreOptions
    {
        AwsProfile = _options.Profile,
        Environment = name => name == "AWS_REGION" && !string.IsNullOrEmpty(_options.Region) ? _options.Region : _options.Environment(name),
    });
}
