using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Runs a plan as Slurm array jobs, on this machine's Slurm or on a login node over ssh (<c>slurm.host</c>). The app is
/// published self-contained and copied once per package id to <c>{sharedDirectory}/packages/{id}</c>; each run keeps its
/// plan, records, task logs and scripts in <c>{sharedDirectory}/runs/{runId}</c>, where the tool reads the records.
/// </summary>
public sealed class SlurmBackend : IExperimentBackend
{
    public const string BackendName = "slurm";

    /// <summary>How long a cancel waits for cancelled tasks to leave the queue (their workers record the running points).</summary>
    private static readonly TimeSpan CancelSettle = TimeSpan.FromSeconds(30);

    private readonly SlurmOptions _options;
    private readonly ISlurmShell _shell;
    private readonly int? _clusterCpus;
    private readonly SlurmSubmitter _submitter;
    private readonly SlurmPoller _poller;
    private readonly SlurmTaskEndRecorder _endRecorder;
    private readonly Dictionary<string, RunPlan> _plans = new(StringComparer.Ordinal);

    public SlurmBackend(SlurmOptions options, ISlurmShell shell, int maxArraySize, int? clusterCpus)
    {
        _options = options.Validated();
        _shell = shell;
        _clusterCpus = clusterCpus;
        Limits = new BackendLimits(SupportsArrays: true, maxArraySize, MaxTasksPerSubmission: maxArraySize);
        _submitter = new SlurmSubmitter(shell, _options, maxArraySize);
        _poller = new SlurmPoller(shell);
        _endRecorder = new SlurmTaskEndRecorder(shell);
    }

    /// <summary>
    /// Checks the options, then asks the cluster what it allows: MaxArraySize (unless <c>slurm.maxArraySize</c> is set)
    /// and the partition's CPUs (for packing). A cluster that cannot be reached fails here, before anything is built.
    /// </summary>
    public static async Task<SlurmBackend> CreateAsync(SlurmOptions options, ISlurmShell? shell, CancellationToken cancellationToken)
    {
        options = options.Validated();
        shell ??= options.Host is null ? new LocalSlurmShell() : new SshSlurmShell(options.Host);
        try
        {
            var maxArraySize = options.MaxArraySize ?? await ReadMaxArraySizeAsync(shell, cancellationToken).ConfigureAwait(false);
            var sinfo = await shell.RunAsync(SinfoCapacity.Command, null, cancellationToken).ConfigureAwait(false);
            var cpus = sinfo.Succeeded ? SinfoCapacity.TotalCpus(sinfo.StandardOutput, options.Partition) : null;
            return new SlurmBackend(options, shell, maxArraySize, cpus);
        }
        catch (SlurmShellException e) when (options.Host is null)
        {
            throw new SlurmShellException($"{e.Message} To run Slurm's commands on a login node over ssh instead, set slurm.host.");
        }
    }

    private static async Task<int> ReadMaxArraySizeAsync(ISlurmShell shell, CancellationToken cancellationToken)
    {
        var config = await shell.RunAsync(SlurmCommands.ShowConfig, null, cancellationToken).ConfigureAwait(false);
        if (!config.Succeeded)
            throw new SlurmShellException($"`scontrol show config` failed on {shell.Where} (exit {config.ExitCode}); is Slurm reachable there?{Environment.NewLine}{config.StandardError.Trim()}");
        return ScontrolConfig.MaxArraySize(config.StandardOutput) ?? SlurmOptions.FallbackMaxArraySize;
    }

    public string Name => BackendName;

    public BackendLimits Limits { get; }

    public SlurmOptions Options => _options;

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) =>
        SlurmPacking.PointsPerTask(experiment, typicalPointDuration, _clusterCpus, _options.ParsedTimeLimit);

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        SlurmPackaging.PrepareAsync(request, _shell, new SlurmPaths(_options.SharedDirectory), _options.Host, cancellationToken);

    public async Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var arrays = await _submitter.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        var paths = new SlurmPaths(_options.SharedDirectory);
        var runId = request.Plan.RunId;
        var mirror = _options.Host is null ? null : Path.Combine(Path.GetFullPath(request.RunDirectory), "slurm-store");
        var facts = new SlurmSubmissionFacts(arrays, paths.Run(runId), _options.Host, mirror);
        _plans[runId] = request.Plan;
        var jobIds = facts.JobIds;
        return new Submission(
            BackendName,
            $"slurm-{string.Join('+', jobIds)}",
            runId,
            request.Package.Id,
            _options.Host is null ? paths.Run(runId) : $"{_options.Host}:{paths.Run(runId)}",
            jobIds,
            request.TaskNumbers,
            DateTimeOffset.UtcNow,
            facts.ToProperties());
    }

    public async Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) =>
        (await PollAllAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One squeue for every array of every submission (a run split at MaxArraySize has several).</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        if (submissions.Count == 0)
            return [];
        var facts = submissions.Select(SlurmSubmissionFacts.Of).ToArray();
        try
        {
            var (statuses, reports) = await _poller.PollAsync(facts, cancellationToken).ConfigureAwait(false);
            if (reports.Any(SlurmTaskEndRecorder.EndedAbnormally))
            {
                for (var i = 0; i < submissions.Count; i++)
                    await _endRecorder.RecordAsync(facts[i], await PlanOfAsync(submissions[i], facts[i], cancellationToken).ConfigureAwait(false), reports, cancellationToken).ConfigureAwait(false);
            }
            return statuses;
        }
        catch (SlurmShellException e)
        {
            // ssh or a command on the login node failed: nothing is known, and the ends Slurm gave tasks are not recorded
            // yet, so nothing is finished; the next poll asks again.
            return facts.Select(f => new SubmissionStatus(
                new Dictionary<TaskState, int> { [TaskState.Unknown] = f.Arrays.Sum(a => a.Chunk.Count) }, Finished: false,
                $"Could not ask Slurm on {_shell.Where} how the tasks are doing: {e.Message} Asking again.")).ToArray();
        }
    }

    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        var facts = SlurmSubmissionFacts.Of(submission);
        var result = await _shell.RunAsync(SlurmCommands.Scancel(facts.JobIds), null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"scancel {string.Join(' ', facts.JobIds)} failed on {_shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{result.StandardError.Trim()}");
        // Running tasks get SIGTERM and record their point as cancelled; wait for that, so the final read holds it.
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(CancelSettle);
        try
        {
            while (true)
            {
                var status = (await _poller.PollAsync([facts], settle.Token).ConfigureAwait(false)).Statuses[0];
                if (status.Count(TaskState.Pending) + status.Count(TaskState.Running) + status.Count(TaskState.Held) == 0 && status.Finished)
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(300), settle.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // scancel was accepted; tasks still completing will end on their own.
        }
    }

    public IResultStore OpenStore(Submission submission)
    {
        var facts = SlurmSubmissionFacts.Of(submission);
        return facts.LocalMirror is null
            ? new DirectoryResultStore(facts.ClusterRunDirectory)
            : new MirroredResultStore(_shell, facts.ClusterRunDirectory, facts.LocalMirror);
    }

    /// <summary>
    /// Each task's <c>--output</c> and <c>--error</c> files (<c>logs/{array job}_{index}.out|.err</c> in the run's
    /// directory on the cluster), with their text when they exist yet.
    /// </summary>
    public async Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var facts = SlurmSubmissionFacts.Of(submission);
        var logs = new SlurmPaths(_options.SharedDirectory).Logs(submission.RunId);
        var found = new List<TaskLog>();
        foreach (var task in tasks)
        {
            var array = facts.Arrays.FirstOrDefault(a => task >= a.Chunk.Offset && task < a.Chunk.Offset + a.Chunk.Count);
            if (array is null)
                continue;
            foreach (var extension in (string[])["out", "err"])
            {
                var path = $"{logs}/{array.JobId}_{task - array.Chunk.Offset}.{extension}";
                var text = await _shell.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                found.Add(new TaskLog(task, (_options.Host is null ? "" : _options.Host + ":") + path + (text is null ? " (not written yet)" : ""), text));
            }
        }
        return found;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The plan, to know which experiment a task belongs to: from this process's submit, else the cluster's copy.</summary>
    private async Task<RunPlan?> PlanOfAsync(Submission submission, SlurmSubmissionFacts facts, CancellationToken cancellationToken)
    {
        if (_plans.TryGetValue(submission.RunId, out var plan))
            return plan;
        // Another process submitted it (status, cancel, resume): its plan is beside its records.
        var text = await _shell.ReadAsync(facts.ClusterRunDirectory.TrimEnd('/') + "/" + RunPlanJson.FileName, cancellationToken).ConfigureAwait(false);
        return text is null ? null : _plans[submission.RunId] = RunPlanJson.Parse(text, $"{_shell.Where}:{facts.ClusterRunDirectory}/{RunPlanJson.FileName}");
    }
}
