using Experiments.Backends.AzureBatch.Client;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// A job's task counts as the tool's states. Tasks of a completed job that never ran (a terminated job's) count as
/// cancelled; tasks the counts do not show yet (Batch's counts lag by seconds) as unknown.
/// </summary>
public static class AzureBatchStatus
{
    /// <param name="expected">How many tasks the submission added.</param>
    /// <param name="jobEnded">True when the job is completed (or being terminated or deleted): no task will start any more.</param>
    public static SubmissionStatus From(TaskCounts counts, int expected, bool jobEnded, string? message)
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
        var finished = counts.Completed >= expected || jobEnded && counts.Running == 0;
        return new SubmissionStatus(tasks.Where(t => t.Value > 0).ToDictionary(), finished, message);
    }

    public static bool HasEnded(CloudJob job) => job.State is "completed" or "terminating" or "deleting";
}
