using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Turns one squeue and one sacct answer into a report per array job. squeue knows the live tasks (and whether a pending
/// one is held); sacct knows how ended ones ended. A task neither mentions — accounting is off, or it ended longer ago
/// than sacct looks back — is <see cref="TaskState.Unknown"/>: the records in the store tell what its points did.
/// </summary>
public static class SlurmStatus
{
    public static JobReport Report(SubmittedJob array, IReadOnlyDictionary<(string, int?), SlurmTaskReport> live, IReadOnlyDictionary<(string, int?), SlurmTaskReport> ended)
    {
        var counts = new Dictionary<TaskState, int>();
        var failures = new List<string>();
        for (var i = 0; i < array.Tasks.Count; i++)
        {
            var report = Find(live, array.Id, i) ?? Find(ended, array.Id, i);
            var state = report?.State ?? TaskState.Unknown;
            counts[state] = counts.GetValueOrDefault(state) + 1;
            if (state is TaskState.Failed && failures.Count < OrchestratedBackend.NamedFailures)
                failures.Add(Describe(array, i, report!));
        }
        return new JobReport(counts, counts.Keys.All(s => SlurmStates.IsFinal(s) || s is TaskState.Unknown), failures);
    }

    /// <summary>The reports of several arrays at once, from the same two answers.</summary>
    public static IReadOnlyList<JobReport> Reports(IReadOnlyList<SubmittedJob> arrays, IReadOnlyList<SlurmTaskReport> squeue, IReadOnlyList<SlurmTaskReport> sacct)
    {
        var live = Index(squeue);
        var ended = Index(sacct);
        return arrays.Select(a => Report(a, live, ended)).ToArray();
    }

    /// <summary>The status text of one submission's arrays, as the core shows it.</summary>
    public static SubmissionStatus Combine(IReadOnlyList<SubmittedJob> arrays, IReadOnlyList<SlurmTaskReport> squeue, IReadOnlyList<SlurmTaskReport> sacct) =>
        StatusText.Combine(SlurmBackend.DisplayName, arrays, Reports(arrays, squeue, sacct));

    private static string Describe(SubmittedJob array, int index, SlurmTaskReport report)
    {
        var exit = report.ExitCode is { } code
            ? report.Signal is > 0 ? $", signal {report.Signal}" : $", exit {code}"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"task {array.TaskOf(index)} (job {array.Id}_{index}) {report.SlurmState}{exit}, see logs/{array.Id}_{index}.err");
    }

    private static SlurmTaskReport? Find(IReadOnlyDictionary<(string, int?), SlurmTaskReport> reports, string jobId, int index) =>
        reports.GetValueOrDefault((jobId, index)) ?? reports.GetValueOrDefault((jobId, null)); // an array not yet split into tasks

    private static Dictionary<(string, int?), SlurmTaskReport> Index(IReadOnlyList<SlurmTaskReport> reports)
    {
        var index = new Dictionary<(string, int?), SlurmTaskReport>();
        foreach (var report in reports)
            index[(report.JobId, report.ArrayIndex)] = report; // a requeued task appears again; the last line is the latest
        return index;
    }
}
