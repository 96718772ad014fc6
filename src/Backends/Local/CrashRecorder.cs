using Experiments.Schema;

namespace Experiments.Backends.Local;

/// <summary>
/// After a worker died, the task's record file says whether it died inside a point: an attempt with a started record
/// and no final record. Such attempts get a crash record carrying the exit code and the stderr tail — the only place
/// that knows them — before the task is sent to a new worker, which then counts the attempt and goes on.
/// </summary>
internal static class CrashRecorder
{
    /// <summary>Appends a crash record for each attempt of the task that never ended; returns how many.</summary>
    public static int RecordUnfinishedAttempts(string store, RunPlan plan, int task, int exitCode, string stderrTail)
    {
        var experiment = plan.ExperimentOf(task).Name;
        var path = PointRecordFiles.PathOf(store, experiment, task);
        var unfinished = UnfinishedAttempts.In(PointRecordReader.ReadAll(path), experiment, cancelledIsUnfinished: false);
        if (unfinished.Count == 0)
            return 0;
        var error = new PointError(
            ErrorKind.Crash,
            null,
            $"The worker process exited with code {ExitCodeText.Describe(exitCode)} while running this point.",
            stderrTail.Length == 0 ? null : stderrTail,
            exitCode);
        using var appender = new PointRecordAppender(path);
        foreach (var started in unfinished)
            appender.Append(UnfinishedAttempts.Failed(started, error));
        return unfinished.Count;
    }
}
