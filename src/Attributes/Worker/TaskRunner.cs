using Experiments.Points;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// Runs the points of one plan task in order, resuming from the task's record file: a point that succeeded is
/// skipped, failed attempts count towards <c>Retries + 1</c>, and an attempt that started but never ended is recorded as
/// a crash first. A failing point never stops the task; only a stop request or a runaway point does.
/// </summary>
internal sealed class TaskRunner
{
    /// <summary>How long a stopped point may take to notice before the worker exits anyway; short, because whoever
    /// stops the worker (the local backend, scancel) kills it after its own grace.</summary>

    private readonly RunPlan _plan;
    private readonly GeneratedExperiment[] _experiments;
    private readonly string _store;
    private readonly WorkerStop _stop;
    private readonly Action<string> _protocol;
    private readonly TimeSpan? _graceOverride;
    private readonly Action<int> _exit;
    private readonly Action<string> _marker;
    private CurrentAttempt? _current;

    public TaskRunner(
        RunPlan plan,
        GeneratedExperiment[] experiments,
        string store,
        WorkerStop stop,
        Action<string> protocol,
        TimeSpan? graceOverride,
        Action<int> exit,
        Action<string> marker)
    {
        _marker = marker;
        _plan = plan;
        _experiments = experiments;
        _store = store;
        _stop = stop;
        _protocol = protocol;
        _graceOverride = graceOverride;
        _exit = exit;
    }

    /// <summary>Runs a task; true when all its points ended, false when the worker was asked to stop first.</summary>
    public async Task<bool> RunAsync(int task)
    {
        if (task < 0 || task >= _plan.Tasks.Count)
            throw new WorkerInvocationException($"Task {task} is not in the plan, which has tasks 0..{_plan.Tasks.Count - 1}.");
        var planned = _plan.Tasks[task];
        var experiment = _experiments[planned.Experiment];
        var descriptor = experiment.Descriptor;
        var path = PointRecordFiles.PathOf(_store, descriptor.Name, task);
        var history = PointHistory.Of(PointRecordReader.ReadAll(path), descriptor.Name);
        using var log = new PointRecordAppender(path);
        var maxAttempts = descriptor.Resources.Retries + 1;
        var artifacts = PointRecordFiles.ArtifactsRoot(_store, descriptor.Name);
        foreach (var index in planned.Points)
        {
            var key = descriptor.KeyOf(index);
            var state = history.StateOf(key);
            var seed = Seeds.Derive(descriptor.Name, key);
            RecordDeathsFoundOnResume(log, state);
            while (!state.Succeeded && state.FailedAttempts.Count < maxAttempts)
            {
                if (_stop.ShouldStop)
                    return false;
                var attempt = state.NextAttempt;
                var outcome = await RunAttemptAsync(experiment, task, index, key, seed, attempt, artifacts, log).ConfigureAwait(false);
                if (outcome.Error?.Kind == ErrorKind.Cancelled)
                    return false;
                if (outcome.Status == PointStatus.Succeeded)
                    state.Succeeded = true;
                else
                    state.FailedAttempts.Add(attempt);
            }
        }
        return true;
    }

    /// <summary>Called from the unhandled-exception handler: the process is about to die inside the current point.</summary>
    public void RecordCrash(Exception exception)
    {
        var current = Interlocked.Exchange(ref _current, null);
        if (current is null)
            return;
        var error = new PointError(
            ErrorKind.Crash,
            exception.GetType().FullName,
            $"An unhandled exception on another thread ended the worker process: {exception.Message}",
            exception.ToString());
        current.Log.Append(current.Started with
        {
            Status = PointStatus.Failed,
            Duration = (DateTimeOffset.UtcNow - current.Started.StartedAt).TotalSeconds,
            Error = error,
        });
    }

    private async Task<AttemptOutcome> RunAttemptAsync(
        GeneratedExperiment experiment, int task, long index, string key, int seed, int attempt, string artifacts, PointRecordAppender log)
    {
        var descriptor = experiment.Descriptor;
        var started = new PointRecord(descriptor.Name, key, index, task, attempt, PointStatus.Started, seed, DateTimeOffset.UtcNow, null, null, null);
        log.Append(started);
        _protocol(WorkerProtocol.Started(task, index, attempt));
        // The point's own output (Console.Out is stderr here) falls between these markers, so `logs` can label it by key.
        // Written at once (with the previous point's end marker, held back until now): whatever a crash prints lands
        // after it, so the crash record's detail is this point's output.
        Console.Error.WriteLine(PointOutputMarker.Start(descriptor.Name, key, task, attempt));
        Volatile.Write(ref _current, new CurrentAttempt(started, log));

        var timeout = descriptor.Resources.Timeout;
        var grace = _graceOverride ?? PointAttempt.DefaultGrace(timeout);
        var stopGrace = grace < PointAttempt.MaxStopGrace ? grace : PointAttempt.MaxStopGrace;
        var outcome = await PointAttempt.RunAsync(
            experiment,
            index,
            token => new ExperimentContext(descriptor.Name, key, seed, attempt, artifacts, Console.Error, token),
            timeout,
            grace,
            stopGrace,
            _stop.Cancellation).ConfigureAwait(false);

        if (Interlocked.Exchange(ref _current, null) is null)
            return outcome; // the unhandled-exception handler recorded this attempt as a crash
        // Written with the next point's started record (or when the task ends): one write per point, and a crash of the
        // next point is still pinned to it by its own started record.
        log.AppendLater(started with
        {
            Status = outcome.Status,
            Duration = outcome.Duration.TotalSeconds,
            Result = outcome.Result,
            Error = outcome.Error,
        });
        if (outcome.Error is { } failure && failure.Kind != ErrorKind.Cancelled)
            Console.Error.WriteLine(failure.Detail ?? (failure.Type is null ? failure.Message : $"{failure.Type}: {failure.Message}"));
        _marker(PointOutputMarker.End(descriptor.Name, key, task, attempt, outcome.Status));
        _protocol(WorkerProtocol.Recorded(task, index, attempt, outcome.Status));
        if (outcome.Runaway)
        {
            log.Flush();
            Console.Error.WriteLine($"experiments worker: {outcome.Error!.Message} ({descriptor.Name} {key})");
            _exit(outcome.Error.Kind == ErrorKind.Cancelled ? WorkerExitCodes.Cancelled : WorkerExitCodes.Timeout);
        }
        return outcome;
    }

    /// <summary>A started record with no end means an earlier worker died in the point: that attempt counts, as a crash.</summary>
    private static void RecordDeathsFoundOnResume(PointRecordAppender log, PointHistory.PointState state)
    {
        foreach (var (attempt, started) in state.Open.OrderBy(o => o.Key))
        {
            log.Append(started with
            {
                Status = PointStatus.Failed,
                Error = new PointError(
                    ErrorKind.Crash,
                    null,
                    "The worker process ended while running this point (found when the task was resumed; its exit code is unknown)."),
            });
            state.FailedAttempts.Add(attempt);
        }
        state.Open.Clear();
    }

    private sealed record CurrentAttempt(PointRecord Started, PointRecordAppender Log);
}
