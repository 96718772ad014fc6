using System.Diagnostics;
using Experiments.Worker;

namespace Experiments.Backends.Local;

/// <summary>
/// The controller of one local submission: a queue of task numbers and one slot per worker process. Each slot keeps
/// a worker busy with the next task; when its worker dies it records the crash (if the worker died inside a point),
/// starts a new worker and sends it the same task, which resumes where the old one stopped.
/// </summary>
internal sealed class LocalRun
{
    /// <summary>A task whose worker keeps dying outside any point is given up after this many deaths in a row.</summary>
    private const int MaxDeathsOutsidePoints = 3;

    private readonly SubmitRequest _request;
    private readonly LocalBackendOptions _options;
    private readonly string _store;
    private readonly Lock _gate = new();
    private readonly Queue<int> _pending;
    private readonly HashSet<int> _running = [];
    private readonly WorkerProcess?[] _workers;
    private readonly List<string> _problems = [];
    private readonly Task[] _slots;
    private int _succeeded, _failed, _cancelled;
    private TaskState? _stopState; // set once the run stops early: what unfinished tasks become

    private LocalRun(SubmitRequest request, LocalBackendOptions options, string store, int slots)
    {
        _request = request;
        _options = options;
        _store = store;
        _pending = new Queue<int>(request.TaskNumbers);
        _workers = new WorkerProcess?[slots];
        _slots = new Task[slots];
    }

    /// <summary>Finishes when every slot has stopped and no worker process is left.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public IReadOnlyList<int> InitialProcessIds { get; private set; } = [];

    /// <summary>Starts the workers (so that a failure to start surfaces at once) and the slots that feed them.</summary>
    public static LocalRun Start(SubmitRequest request, LocalBackendOptions options, string store)
    {
        var slots = Math.Min(options.Parallelism, request.TaskNumbers.Count);
        var run = new LocalRun(request, options, store, slots);
        var first = new WorkerProcess[slots];
        try
        {
            for (var s = 0; s < slots; s++)
                first[s] = run.StartWorker(s);
        }
        catch
        {
            foreach (var worker in first)
                worker?.Dispose();
            throw;
        }
        run.InitialProcessIds = first.Select(w => w.Id).ToArray();
        for (var s = 0; s < slots; s++)
        {
            var slot = s;
            run._slots[s] = Task.Run(() => run.RunSlotAsync(slot, first[slot]));
        }
        run.Completion = Task.WhenAll(run._slots);
        return run;
    }

    public SubmissionStatus Status()
    {
        lock (_gate)
        {
            var counts = new Dictionary<TaskState, int>
            {
                [TaskState.Pending] = _pending.Count,
                [TaskState.Running] = _running.Count,
                [TaskState.Succeeded] = _succeeded,
                [TaskState.Failed] = _failed,
                [TaskState.Cancelled] = _cancelled,
            };
            return new SubmissionStatus(counts, Completion.IsCompleted, _problems.Count == 0 ? null : string.Join(Environment.NewLine, _problems));
        }
    }

    /// <summary>Sends no more tasks, asks every worker to stop (SIGTERM), kills those still alive after the grace period.</summary>
    public async Task CancelAsync(TimeSpan grace)
    {
        Stop(TaskState.Cancelled, null);
        ForEachWorker(w => w.Terminate());
        if (await Task.WhenAny(Completion, Task.Delay(grace)).ConfigureAwait(false) != Completion)
        {
            ForEachWorker(w => w.Kill());
            await Completion.ConfigureAwait(false);
        }
    }

    private async Task RunSlotAsync(int slot, WorkerProcess first)
    {
        var worker = first;
        int? resend = null;
        var deathsOutsidePoints = 0;
        while (true)
        {
            try
            {
                var next = await ServeAsync(worker, resend, deathsOutsidePoints).ConfigureAwait(false);
                if (next is not { } restart)
                    return;
                (resend, deathsOutsidePoints) = restart;
            }
            finally
            {
                lock (_gate)
                    _workers[slot] = null;
                worker.Dispose();
            }
            if (IsStopping)
            {
                if (resend is { } unfinished)
                    Finish(unfinished, StopState);
                return;
            }
            try
            {
                worker = StartWorker(slot);
            }
            catch (InvalidOperationException e)
            {
                if (resend is { } unfinished)
                    Finish(unfinished, TaskState.Failed);
                Stop(TaskState.Failed, e.Message);
                return;
            }
        }
    }

    /// <summary>
    /// Feeds one worker until the queue is empty (returns null) or the worker dies mid-task (returns the task to send
    /// again to a new worker, and the count of deaths outside points so far).
    /// </summary>
    private async Task<(int? Resend, int DeathsOutsidePoints)?> ServeAsync(WorkerProcess worker, int? resend, int deathsOutsidePoints)
    {
        var (ready, readyError) = await WaitForAsync(worker, e => e.Kind == WorkerEventKind.Ready).ConfigureAwait(false);
        if (!ready)
        {
            var exit = await worker.WaitForExitAsync().ConfigureAwait(false);
            if (resend is { } unfinished)
                Finish(unfinished, IsStopping ? StopState : TaskState.Failed);
            if (!IsStopping)
                Stop(TaskState.Failed, $"A worker exited with code {ExitCodeText.Describe(exit)} before it was ready: {readyError ?? LastLines(worker)}");
            return null;
        }
        while (true)
        {
            var task = resend ?? TakeNext();
            resend = null;
            if (task is null)
            {
                worker.CloseInput();
                await worker.WaitForExitAsync().ConfigureAwait(false);
                return null;
            }
            var sent = worker.Send(task.Value);
            var (done, error) = sent
                ? await WaitForAsync(worker, e => e.Kind == WorkerEventKind.Done && e.Task == task).ConfigureAwait(false)
                : (false, null);
            if (done)
            {
                Finish(task.Value, TaskState.Succeeded);
                deathsOutsidePoints = 0;
                continue;
            }
            var exitCode = await worker.WaitForExitAsync().ConfigureAwait(false);
            return AfterDeath(worker, task.Value, exitCode, error, deathsOutsidePoints);
        }
    }

    /// <summary>Decides what a worker's death mid-task means; returns what to do with a new worker, or null to stop the slot.</summary>
    private (int? Resend, int DeathsOutsidePoints)? AfterDeath(WorkerProcess worker, int task, int exitCode, string? error, int deathsOutsidePoints)
    {
        if (IsStopping)
        {
            // The run stopped this worker (Ctrl+C, cancel, another task's failure): the point it was in was interrupted,
            // not failed. It gets no record, so an earlier result stays as it is and resume runs the point again.
            Finish(task, StopState);
            return null;
        }
        var crashes = CrashRecorder.RecordUnfinishedAttempts(_store, _request.Plan, task, exitCode, worker.Tail.Text());
        if (exitCode == WorkerExitCodes.Cancelled)
        {
            // Someone stopped this worker (Ctrl+C reaches the whole process group): stop the whole run the same way.
            Finish(task, TaskState.Cancelled);
            _ = CancelAsync(_options.CancelGrace);
            return null;
        }
        if (exitCode == WorkerExitCodes.InvalidInvocation)
        {
            Finish(task, TaskState.Failed);
            Stop(TaskState.Failed, $"A worker refused task {task}: {error ?? LastLines(worker)}");
            return null;
        }
        if (crashes > 0 || exitCode == WorkerExitCodes.Timeout)
            return (task, 0); // an attempt was used up: progress, so the task is sent again
        if (deathsOutsidePoints + 1 >= MaxDeathsOutsidePoints)
        {
            Finish(task, TaskState.Failed);
            AddProblem($"Task {task} was given up: its worker died {MaxDeathsOutsidePoints} times outside any point (last exit code {ExitCodeText.Describe(exitCode)}): {LastLines(worker)}");
            return (null, 0);
        }
        return (task, deathsOutsidePoints + 1);
    }

    /// <summary>Reads events until one matches; false (with the last error line) when the worker's stdout ends first.</summary>
    private static async Task<(bool Found, string? Error)> WaitForAsync(WorkerProcess worker, Func<WorkerEvent, bool> match)
    {
        string? error = null;
        await foreach (var e in worker.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (match(e))
                return (true, error);
            if (e.Kind == WorkerEventKind.Error)
                error = e.Message;
        }
        return (false, error);
    }

    private WorkerProcess StartWorker(int slot)
    {
        var package = _request.Package;
        var info = new ProcessStartInfo(LocalBackend.DotnetHost(_options))
        {
            WorkingDirectory = package.Location,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(package.Location, package.AssemblyName + ".dll"), WorkerOptions.WorkerFlag, "--serve",
                     "--plan", Path.GetFullPath(_request.PlanPath), "--store", Path.GetFullPath(_store),
                 })
        {
            info.ArgumentList.Add(argument);
        }
        // The worker reads its plan and store from the arguments; variables meant for array tasks must not leak in.
        foreach (var variable in WorkerOptions.TaskIndexVariables.Append(WorkerOptions.PlanVariable).Append(WorkerOptions.StoreVariable).Append(WorkerOptions.TaskOffsetVariable))
            info.Environment.Remove(variable);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in _options.Environment)
            info.Environment[name] = value;
        var worker = WorkerProcess.Start(info, Path.Combine(_store, "logs", $"worker-{slot}.log"));
        lock (_gate)
        {
            _workers[slot] = worker;
            if (_stopState is not null)
                worker.CloseInput(); // the run stopped while this worker started: let it exit at once
        }
        return worker;
    }

    private int? TakeNext()
    {
        lock (_gate)
        {
            if (_stopState is not null || _pending.Count == 0)
                return null;
            var task = _pending.Dequeue();
            _running.Add(task);
            return task;
        }
    }

    private void Finish(int task, TaskState state)
    {
        lock (_gate)
        {
            if (!_running.Remove(task))
                return;
            switch (state)
            {
                case TaskState.Succeeded: _succeeded++; break;
                case TaskState.Cancelled: _cancelled++; break;
                default: _failed++; break;
            }
        }
    }

    /// <summary>Stops taking tasks; pending tasks become <paramref name="state"/> (the first reason to stop wins).</summary>
    private void Stop(TaskState state, string? problem)
    {
        lock (_gate)
        {
            if (problem is not null)
                _problems.Add(problem);
            if (_stopState is not null)
                return;
            _stopState = state;
            if (state == TaskState.Cancelled)
                _cancelled += _pending.Count;
            else
                _failed += _pending.Count;
            _pending.Clear();
        }
        if (state == TaskState.Failed)
            ForEachWorker(w => w.Terminate());
    }

    private void AddProblem(string problem)
    {
        lock (_gate)
            _problems.Add(problem);
    }

    private bool IsStopping
    {
        get
        {
            lock (_gate)
                return _stopState is not null;
        }
    }

    private TaskState StopState
    {
        get
        {
            lock (_gate)
                return _stopState ?? TaskState.Cancelled;
        }
    }

    private void ForEachWorker(Action<WorkerProcess> action)
    {
        lock (_gate)
        {
            foreach (var worker in _workers)
            {
                if (worker is not null && !worker.HasExited)
                    action(worker);
            }
        }
    }

    private static string LastLines(WorkerProcess worker)
    {
        var tail = worker.Tail.Text();
        return tail.Length == 0 ? "(it wrote nothing to stderr)" : tail;
    }
}
