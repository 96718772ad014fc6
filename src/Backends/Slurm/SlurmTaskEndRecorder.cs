using System.Text;
using Experiments.Schema;

namespace Experiments.Backends.Slurm;

/// <summary>
/// When Slurm ends a task itself — its time limit, a node failure, the memory limit, or a worker that crashed past the
/// script's restarts — the point that was running has no final record: the worker was killed (or, at the time limit,
/// recorded only <c>cancelled</c> on SIGTERM, which is not an attempt). Only the backend knows why, so it appends a
/// <c>failed</c> record for each such attempt: the point is then recorded as failed with Slurm's reason, and a resumed
/// run runs it again.
/// </summary>
internal sealed class SlurmTaskEndRecorder(ISlurmShell shell)
{
    private readonly HashSet<(string JobId, int Index)> _handled = [];

    /// <summary>Slurm states that end a task from outside; FAILED is a worker exit the script gave up on.</summary>
    private static readonly HashSet<string> Abnormal = new(StringComparer.Ordinal)
    {
        "TIMEOUT", "DEADLINE", "NODE_FAIL", "OUT_OF_MEMORY", "FAILED", "PREEMPTED", "BOOT_FAIL",
    };

    /// <summary>Whether Slurm ended this task itself (so its running point may lack a final record).</summary>
    public static bool EndedAbnormally(SlurmTaskReport report) => report.ArrayIndex is not null && Abnormal.Contains(SlurmStates.Name(report.SlurmState));

    public async Task RecordAsync(
        SlurmSubmissionFacts facts, RunPlan? plan, IReadOnlyList<SlurmTaskReport> reports, CancellationToken cancellationToken)
    {
        if (plan is null)
            return;
        foreach (var report in reports)
        {
            if (!EndedAbnormally(report))
                continue;
            var index = report.ArrayIndex!.Value;
            var array = facts.Arrays.FirstOrDefault(a => a.Id == report.JobId);
            if (array is null || index >= array.Tasks.Count || _handled.Contains((report.JobId, index)))
                continue;
            var task = array.Tasks.Offset + index;
            var experiment = plan.ExperimentOf(task).Name;
            var path = facts.ClusterRunDirectory.TrimEnd('/') + "/" + PointRecordFiles.RecordsFolder + "/" + PointRecordFiles.FileName(experiment, task);
            // Marked handled only once done: a read or append that fails (a dropped ssh connection) is tried at the next poll.
            var text = await shell.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var lines = text is null ? "" : FailedRecords(text, experiment, report, $"{report.JobId}_{index}");
            if (lines.Length > 0)
                await shell.AppendAsync(path, lines, cancellationToken).ConfigureAwait(false);
            _handled.Add((report.JobId, index));
        }
    }

    /// <summary>A failed record for each attempt that started and never ended (or ended only as cancelled).</summary>
    internal static string FailedRecords(string recordFileText, string experiment, SlurmTaskReport report, string slurmTask)
    {
        var records = new List<PointRecord>();
        PointRecordReader.ReadLines(Encoding.UTF8.GetBytes(recordFileText), 0, records, [], slurmTask);
        var unfinished = UnfinishedAttempts.In(records, experiment, cancelledIsUnfinished: true);
        var text = new StringBuilder();
        // A file cut off mid-line gets a newline first, so the fragment stays a line of its own that readers skip.
        if (unfinished.Count > 0 && recordFileText.Length > 0 && !recordFileText.EndsWith('\n'))
            text.Append('\n');
        foreach (var record in unfinished)
        {
            var failed = UnfinishedAttempts.Failed(record, Error(report, slurmTask));
            text.Append(Encoding.UTF8.GetString(PointRecordJson.SerializeLine(failed)));
        }
        return text.ToString();
    }

    private static PointError Error(SlurmTaskReport report, string slurmTask)
    {
        var state = SlurmStates.Name(report.SlurmState);
        var log = $"See logs/{slurmTask}.err in the run's directory.";
        return state switch
        {
            "TIMEOUT" or "DEADLINE" => new PointError(ErrorKind.Timeout, null,
                $"Slurm ended task {slurmTask} at its time limit while this point ran. Give the experiment a Timeout (the task's --time then follows it), raise slurm.timeLimit, or pack fewer points per task. {log}"),
            "OUT_OF_MEMORY" => new PointError(ErrorKind.Crash, null,
                $"Slurm killed task {slurmTask} for exceeding its memory while this point ran; declare more Memory in [Experiment]. {log}", null, report.ExitCode),
            _ => new PointError(ErrorKind.Crash, null,
                $"Slurm task {slurmTask} ended {state}{(report.ExitCode is { } code ? $" (exit {code})" : "")} while this point ran. {log}", null, report.ExitCode),
        };
    }
}
