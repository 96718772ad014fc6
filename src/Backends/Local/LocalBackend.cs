using System.Collections.Concurrent;
using Experiments.Registry;

namespace Experiments.Backends.Local;

/// <summary>
/// Runs a plan on this machine in <see cref="LocalBackendOptions.Parallelism"/> long-lived worker processes of the
/// built app, each pulling the next task when idle. The reference every other backend is tested against: the same
/// worker, the same records, the same store layout — only the scheduler differs.
/// </summary>
public sealed class LocalBackend : IExperimentBackend
{
    public const string BackendName = "local";

    /// <summary>Aim for tasks of about this long when point durations are known: short enough to spread the work
    /// evenly over the workers, long enough that handing out a task costs nothing next to it.</summary>
    private static readonly TimeSpan TargetTaskDuration = TimeSpan.FromSeconds(5);

    /// <summary>A task's points share one record file; this keeps files and lost work on a crash small.</summary>
    private const int MaxPointsPerTask = 1000;

    private readonly LocalBackendOptions _options;
    private readonly ConcurrentDictionary<string, LocalRun> _runs = new(StringComparer.Ordinal);

    public LocalBackend(LocalBackendOptions? options = null)
    {
        _options = options ?? new LocalBackendOptions();
        _options.Validate();
    }

    public string Name => BackendName;

    /// <summary>The settings in use (<c>--parallel</c>, else the <c>local</c> config section, else the processor count).</summary>
    public LocalBackendOptions Options => _options;

    /// <summary>Local workers end with the tool that started them.</summary>
    public bool TasksOutliveTool => false;

    public int? Concurrency => _options.Parallelism;

    public BackendLimits Limits => BackendLimits.Unlimited;

    /// <summary>About 8 tasks per worker when durations are unknown (so a slow task does not leave the others idle), else ~5 s of points.</summary>
    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) =>
        TaskPacking.PointsPerTask(experiment.PointCount, typicalPointDuration, TargetTaskDuration, _options.Parallelism * 8, MaxPointsPerTask);

    /// <summary>The package is the build output itself: nothing to copy on this machine; its id is the content hash.</summary>
    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(request.AppDirectory);
        var assembly = Path.Combine(directory, request.AssemblyName + ".dll");
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"The app {assembly} does not exist; build the project first.", assembly);
        var id = PackageHasher.Hash(directory, cancellationToken);
        return Task.FromResult(new PreparedPackage(id, directory, request.AssemblyName));
    }

    public Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var store = Path.GetFullPath(request.RunDirectory);
        Directory.CreateDirectory(store);
        var tasks = request.TaskNumbers;
        foreach (var task in tasks)
        {
            if (task < 0 || task >= request.Plan.Tasks.Count)
                throw new ArgumentOutOfRangeException(nameof(request), task, $"Task {task} is not in the plan, which has tasks 0..{request.Plan.Tasks.Count - 1}.");
        }
        var run = LocalRun.Start(request, _options, store);
        var id = $"local-{Guid.NewGuid():N}"[..18];
        _runs[id] = run;
        var submission = new Submission(
            BackendName,
            id,
            request.Plan.RunId,
            request.Package.Id,
            store,
            run.InitialProcessIds.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            tasks,
            DateTimeOffset.UtcNow,
            new Dictionary<string, string>
            {
                ["parallel"] = _options.Parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["controllerProcessId"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return Task.FromResult(submission);
    }

    public Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(submission.Id, out var run))
            return Task.FromResult(run.Status());
        // Local workers live only as long as the process that started them, plus the moments they take to notice it ended.
        var alive = LocalWorkers.Serving(submission.Store);
        if (alive.Count > 0)
        {
            return Task.FromResult(new SubmissionStatus(
                new Dictionary<TaskState, int> { [TaskState.Running] = alive.Count },
                Finished: false,
                $"The process that ran submission {submission.Id} ({ProcessText(submission)}) has ended, but {alive.Count} of its worker processes " +
                $"({string.Join(", ", alive)}) are still stopping."));
        }
        return Task.FromResult(new SubmissionStatus(
            new Dictionary<TaskState, int> { [TaskState.Unknown] = submission.Tasks.Count },
            Finished: true,
            $"Submission {submission.Id} ran in another process ({ProcessText(submission)}), which has ended; its workers ended with it."));
    }

    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(submission.Id, out var run))
            await run.CancelAsync(_options.CancelGrace).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public IResultStore OpenStore(Submission submission) => new DirectoryResultStore(submission.Store);

    /// <summary>
    /// The worker logs (<c>logs/worker-N.log</c> in the run directory) that hold output of <paramref name="tasks"/>:
    /// a worker runs many tasks one after another, so each log is returned for every task whose points it ran.
    /// </summary>
    public async Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(submission.Store, "logs");
        if (!Directory.Exists(directory))
            return [];
        var wanted = tasks.ToHashSet();
        var found = new List<TaskLog>();
        foreach (var path in Directory.GetFiles(directory, "worker-*.log").Order(StringComparer.Ordinal))
        {
            string text;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
                text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            var ran = PointOutputSections.Of(text).Points.Select(p => p.Task).Where(wanted.Contains).Distinct().Order();
            found.AddRange(ran.Select(task => new TaskLog(task, path, text)));
        }
        return found;
    }

    /// <summary>Waits until a submission started by this instance has no task left and no worker process running.</summary>
    public Task WaitAsync(Submission submission, CancellationToken cancellationToken) =>
        _runs.TryGetValue(submission.Id, out var run) ? run.Completion.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>The moment every worker of a submission started by this instance has exited; never for another's.</summary>
    public Task EndedAsync(Submission submission, CancellationToken cancellationToken) =>
        _runs.TryGetValue(submission.Id, out var run) ? run.Completion.WaitAsync(cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs.Values)
        {
            if (!run.Completion.IsCompleted)
                await run.CancelAsync(_options.CancelGrace).ConfigureAwait(false);
        }
        _runs.Clear();
    }

    /// <summary>The dotnet host: as configured, else <see cref="Backends.DotnetHost.Find"/>.</summary>
    internal static string DotnetHost(LocalBackendOptions options) =>
        string.IsNullOrEmpty(options.DotnetPath) ? Backends.DotnetHost.Find() : options.DotnetPath;

    private static string ProcessText(Submission submission) =>
        submission.Properties.TryGetValue("controllerProcessId", out var pid) ? $"process {pid}" : "another process";
}
