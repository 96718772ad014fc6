using Experiments.Backends.AzureBatch.Client;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// A task's output on Azure Batch: the stdout.txt and stderr.txt Batch keeps in the task's directory on its node, read
/// with File_GetFromTask while the node and the job are retained. Each file is one <see cref="TaskLog"/> named by its
/// URL; a file that is gone (node removed, job deleted) or cannot be read keeps only its location, with why.
/// </summary>
internal static class AzureBatchLogs
{
    public static readonly IReadOnlyList<string> Files = ["stdout.txt", "stderr.txt"];

    public static async Task<IReadOnlyList<TaskLog>> FetchAsync(
        IAzureBatchClient client, SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var endpoint = AzureBatchSubmissionFacts.Of(submission.Submission).Endpoint.TrimEnd('/');
        var logs = new List<TaskLog>();
        foreach (var task in tasks.Distinct())
        {
            if (submission.JobOf(task) is not { } job)
                continue;
            var jobId = job.Id;
            var taskId = AzureBatchIds.TaskId(task);
            foreach (var file in Files)
            {
                var where = $"{endpoint}/jobs/{Uri.EscapeDataString(jobId)}/tasks/{taskId}/files/{file}";
                try
                {
                    var text = await client.GetTaskFileAsync(jobId, taskId, file, cancellationToken).ConfigureAwait(false);
                    logs.Add(text is null
                        ? new TaskLog(task, where + " (gone: the task has not run yet, or its node or job was removed)")
                        : new TaskLog(task, where, text));
                }
                catch (AzureBatchException e)
                {
                    logs.Add(new TaskLog(task, $"{where} (could not read it: {e.Message})"));
                }
            }
        }
        return logs;
    }
}
