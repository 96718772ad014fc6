using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Runs a plan as Slurm array jobs, on this machine's Slurm or on a login node over ssh (<c>slurm.host</c>). The app is
/// published self-contained and copied once per package id to <c>{sharedDirectory}/packages/{id}</c>; each run keeps its
/// plan, records, task logs and scripts in <c>{sharedDirectory}/runs/{runId}</c>, where the tool reads the records.
/// The orchestration core drives it; this is the <see cref="SlurmAdapter"/> behind it.
/// </summary>
public sealed class SlurmBackend(SlurmOptions options, ISlurmShell shell, int maxArraySize, int? clusterCpus)
    : OrchestratedBackend(new SlurmAdapter(options.Validated(), shell, maxArraySize, clusterCpus))
{
    public const string BackendName = "slurm";

    public const string DisplayName = "Slurm";

    public SlurmOptions Options => ((SlurmAdapter)Adapter).Options;

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
}

/// <summary>
/// Slurm's hooks for the core: the sbatch script (directives), sbatch and its job id, squeue/sacct and their states,
/// scancel, and the shared directory as the store. A Slurm task costs about a second of scheduling and the app's start,
/// so tasks should run well beyond that (packing: at least 15 s, at most 20 min, a whole number of waves of the
/// partition's CPUs, never more points than fit in <c>slurm.timeLimit</c>).
/// </summary>
internal sealed class SlurmAdapter(SlurmOptions options, ISlurmShell shell, int maxArraySize, int? clusterCpus) : IBatchAdapter
{
    private readonly SlurmPaths _paths = new(options.SharedDirectory);
    private readonly SlurmPoller _poller = new(shell);
    private readonly SlurmTaskEndRecorder _endRecorder = new(shell);
    private readonly Dictionary<string, RunPlan> _plans = new(StringComparer.Ordinal);

    public SlurmOptions Options => options;

    public string Name => SlurmBackend.BackendName;

    public string DisplayName => SlurmBackend.DisplayName;

    public int MaxTasksPerJob => maxArraySize;

    public string JobsProperty => SlurmSubmissionFacts.ArraysKey;

    public PackingProfile Packing { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(20), clusterCpus, TasksWithoutSlots: 100);

    public int LimitPointsPerTask(ExperimentDescriptor experiment, int points) =>
        experiment.Resources.Timeout is { } timeout && options.ParsedTimeLimit is { } limit ? Math.Min(points, SlurmTimeLimit.MaxPointsWithin(timeout, limit)) : points;

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        SlurmPackaging.PrepareAsync(request, shell, _paths, options.Host, cancellationToken);

    public async Task UploadPlanAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var runId = request.Plan.RunId;
        await shell.MakeDirectoriesAsync(
            [_paths.Logs(runId), _paths.Scripts(runId), _paths.Run(runId) + "/" + PointRecordFiles.RecordsFolder], cancellationToken).ConfigureAwait(false);
        await shell.WriteAsync(_paths.Plan(runId), await File.ReadAllTextAsync(request.PlanPath, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        _plans[runId] = request.Plan;
    }

    public SubmissionScope Begin(SubmitRequest request)
    {
        var run = _paths.Run(request.Plan.RunId);
        var mirror = options.Host is null ? null : Path.Combine(Path.GetFullPath(request.RunDirectory), "slurm-store");
        return new SubmissionScope(null, options.Host is null ? run : $"{options.Host}:{run}", new SlurmSubmissionFacts([], run, options.Host, mirror).ScopeProperties());
    }

    /// <summary>Writes the array's script beside the run (so what ran can be read and resubmitted by hand) and sbatches it.</summary>
    public async Task<SubmittedJob> SubmitJobAsync(SubmissionScope scope, SubmitRequest request, PlannedJob job, CancellationToken cancellationToken)
    {
        var runId = request.Plan.RunId;
        var script = SbatchScript.Render(new SbatchScriptRequest(
            runId, job.Tasks, job.MaxPoints, request.ResourcesOf(job.Experiment), options, request.Package.Id, request.Package.AssemblyName, job.Experiment));
        var scriptPath = _paths.Script(runId, job.Tasks);
        await shell.WriteAsync(scriptPath, script, cancellationToken).ConfigureAwait(false);
        var result = await shell.RunAsync(SlurmCommands.Sbatch(scriptPath), null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new BackendUserException(SbatchRefusal.Describe(result, shell.Where));
        return new SubmittedJob(SbatchOutput.Parse(result.StandardOutput).JobId, job.Tasks);
    }

    public async Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, CancellationToken cancellationToken)
    {
        if (started.Count > 0)
            await CancelJobsAsync(started.Select(j => j.Id).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One squeue (and at most one sacct) for every array; tasks Slurm ended itself get their failed records.</summary>
    public async Task<IReadOnlyList<JobReport>> PollAsync(IReadOnlyList<SubmissionJobs> submissions, CancellationToken cancellationToken)
    {
        var (reports, tasks) = await _poller.PollAsync(submissions.SelectMany(s => s.Jobs).ToArray(), cancellationToken).ConfigureAwait(false);
        if (tasks.Any(SlurmTaskEndRecorder.EndedAbnormally))
        {
            foreach (var submission in submissions)
            {
                var facts = SlurmSubmissionFacts.Of(submission.Submission);
                await _endRecorder.RecordAsync(facts, await PlanOfAsync(submission.Submission, facts, cancellationToken).ConfigureAwait(false), tasks, cancellationToken).ConfigureAwait(false);
            }
        }
        return reports;
    }

    public async Task<IReadOnlyList<RefusedJob>> CancelJobsAsync(SubmissionJobs submission, CancellationToken cancellationToken)
    {
        var ids = submission.Jobs.Select(j => j.Id).ToArray();
        try
        {
            await CancelJobsAsync(ids, cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (SlurmShellException e)
        {
            return [.. ids.Select(id => new RefusedJob(id, e.Message))]; // one scancel for all: none is known to be stopped
        }
    }

    public string StopByHand(IReadOnlyList<string> jobIds) => $"scancel {string.Join(' ', jobIds)} on {shell.Where}";

    public IResultStore OpenStore(Submission submission)
    {
        var facts = SlurmSubmissionFacts.Of(submission);
        return facts.LocalMirror is null
            ? new DirectoryResultStore(facts.ClusterRunDirectory)
            : new MirroredResultStore(shell, facts.ClusterRunDirectory, facts.LocalMirror);
    }

    /// <summary>Each task's <c>logs/{array job}_{index}.out|.err</c> in the run's directory, with their text once written.</summary>
    public async Task<IReadOnlyList<TaskLog>> FindLogsAsync(SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var logs = _paths.Logs(submission.Submission.RunId);
        var found = new List<TaskLog>();
        foreach (var task in tasks)
        {
            if (submission.JobOf(task) is not { } array)
                continue;
            foreach (var extension in (string[])["out", "err"])
            {
                var path = $"{logs}/{array.Id}_{task - array.Tasks.Offset}.{extension}";
                var text = await shell.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                found.Add(new TaskLog(task, (options.Host is null ? "" : options.Host + ":") + path + (text is null ? " (not written yet)" : ""), text));
            }
        }
        return found;
    }

    public IBackendCleaner Cleaner => new SlurmSharedDirectory(shell, _paths, options.Host);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task CancelJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(SlurmCommands.Scancel(jobIds), null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"scancel {string.Join(' ', jobIds)} failed on {shell.Where} (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }

    /// <summary>The plan, to know which experiment a task belongs to: from this process's submit, else the cluster's copy.</summary>
    private async Task<RunPlan?> PlanOfAsync(Submission submission, SlurmSubmissionFacts facts, CancellationToken cancellationToken)
    {
        if (_plans.TryGetValue(submission.RunId, out var plan))
            return plan;
        var text = await shell.ReadAsync(facts.ClusterRunDirectory.TrimEnd('/') + "/" + RunPlanJson.FileName, cancellationToken).ConfigureAwait(false);
        return text is null ? null : _plans[submission.RunId] = RunPlanJson.Parse(text, $"{shell.Where}:{facts.ClusterRunDirectory}/{RunPlanJson.FileName}");
    }
}
