using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Turns one squeue and one sacct answer for all of a submission's arrays into task counts. squeue knows the live tasks
/// (and whether a pending one is held); sacct knows how ended ones ended. A task neither mentions — accounting is off,
/// or it ended longer ago than sacct looks back — is <see cref="TaskState.Unknown"/>: the records in the store tell what
/// its points did.
/// </summary>
public static class SlurmStatus
{
    /// <summary>How many ended-badly tasks the message names; the rest are counted.</summary>
    public const int NamedFailures = 5;

    public static SubmissionStatus Combine(IReadOnlyList<SlurmArray> arrays, IReadOnlyList<SlurmTaskReport> squeue, IReadOnlyList<SlurmTaskReport> sacct)
    {
        var live = Index(squeue);
        var ended = Index(sacct);
        var counts = new Dictionary<TaskState, int>();
        var failures = new List<string>();
        var failed = 0;
        foreach (var array in arrays)
        {
            for (var i = 0; i < array.Chunk.Count; i++)
            {
                var report = Find(live, array.JobId, i) ?? Find(ended, array.JobId, i);
                var state = report?.State ?? TaskState.Unknown;
                counts[state] = counts.GetValueOrDefault(state) + 1;
                if (state is TaskState.Failed && failed++ < NamedFailures)
                    failures.Add(Describe(array, i, report!));
            }
        }
        var finished = counts.Keys.All(s => SlurmStates.IsFinal(s) || s is TaskState.Unknown);
        var message = failed == 0 ? null : FailureMessage(failures, failed);
        return new SubmissionStatus(counts, finished, message);
    }

    private static string FailureMessage(List<string> failures, int failed)
    {
        var text = $"{failed} Slurm task(s) ended without running all their points: {string.Join("; ", failures)}";
        return failed > failures.Count ? text + $"; and {failed - failures.Count} more" : text;
    }

    private static string Describe(SlurmArray array, int index, SlurmTaskReport report)
    {
        var exit = report.ExitCode is { } code
            ? report.Signal is > 0 ? $", signal {report.Signal}" : $", exit {code}"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"task {array.Chunk.Offset + index} (job {array.JobId}_{index}) {report.SlurmState}{exit}, see logs/{array.JobId}_{index}.err");
    }

    private static SlurmTaskReport? Find(Dictionary<(string, int?), SlurmTaskReport> reports, string jobId, int index) =>
        reports.GetValueOrDefault((jobId, index)) ?? reports.GetValueOrDefault((jobId, null)); // an array not yet split into tasks

    private static Dictionary<(string, int?), SlurmTaskReport> Index(IReadOnlyList<SlurmTaskReport> reports)
    {
        var index = new Dictionary<(string, int?), SlurmTaskReport>();
        foreach (var report in reports)
            index[(report.JobId, report.ArrayIndex)] = report; // a requeued task appears again; the last line is the latest
        return index;
    }
}
