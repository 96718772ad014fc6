using Experiments.Backends.AzureBatch.Client;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// One job's report from Job_GetTaskCounts. Batch counts tasks as active, running and completed (succeeded or failed);
/// a completed task that neither succeeded nor failed was stopped. When the job itself has ended (terminated, its time
/// limit), its still-active tasks will never run: they count as cancelled, and the job is final.
/// </summary>
public static class AzureBatchStatus
{
    public static JobReport From(TaskCounts counts, int expected, bool jobEnded, IReadOnlyList<string> failures, string? note)
    {
        var ended = Math.Max(0, counts.Completed - counts.Succeeded - counts.Failed);
        var tasks = new Dictionary<TaskState, int>
        {
            [TaskState.Pending] = jobEnded ? 0 : counts.Active,
            [TaskState.Running] = counts.Running,
            [TaskState.Succeeded] = counts.Succeeded,
            [TaskState.Failed] = counts.Failed,
            [TaskState.Cancelled] = ended + (jobEnded ? counts.Active : 0),
        };
        var seen = counts.Active + counts.Running + counts.Completed;
        if (expected > seen)
            tasks[TaskState.Unknown] = expected - seen;
        var final = counts.Completed >= expected || jobEnded && counts.Running == 0;
        return new JobReport(tasks.Where(t => t.Value > 0).ToDictionary(), final, failures, Note: note);
    }

    public static bool HasEnded(CloudJob job) => job.State is "completed" or "terminating" or "deleting";
}
