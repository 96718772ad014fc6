using System.Globalization;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Where a task's stdout and stderr go with <c>logsPolicy.destination = CLOUD_LOGGING</c>: the log
/// <c>projects/{project}/logs/batch_task_logs</c>, entries labelled with the job's uid and the task's id
/// (<c>task/{job uid}-group0-{index}/{retry}/{runnable}</c>). The query finds every attempt of one task; paste it into
/// the Logs Explorer or <c>gcloud logging read</c>.
/// </summary>
public static class GoogleBatchLogs
{
    public const string LogId = "batch_task_logs";

    public static string Query(string project, string jobUid, int taskIndex) =>
        string.Create(CultureInfo.InvariantCulture,
            $"logName=\"projects/{project}/logs/{LogId}\" AND labels.job_uid=\"{jobUid}\" AND labels.task_id:\"task/{jobUid}-{GoogleBatchJobs.TaskGroupId}-{taskIndex}/\"");

    /// <summary>One entry per asked-for plan task that one of the submission's jobs runs.</summary>
    public static IReadOnlyList<TaskLog> For(GoogleBatchSubmissionFacts facts, IReadOnlyList<int> tasks)
    {
        var logs = new List<TaskLog>(tasks.Count);
        foreach (var task in tasks)
        {
            var job = facts.Jobs.FirstOrDefault(j => task >= j.Tasks.Offset && task <= j.Tasks.LastTask);
            if (job is not null)
                logs.Add(new TaskLog(task, Query(facts.Project, job.Detail ?? "", task - job.Tasks.Offset)));
        }
        return logs;
    }
}
