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
        IAzureBatchClient client, Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var facts = AzureBatchSubmissionFacts.Of(submission);
        var mine = submission.Tasks.ToHashSet();
        var endpoint = facts.Endpoint.TrimEnd('/');
        var logs = new List<TaskLog>();
        foreach (var task in tasks.Where(mine.Contains).Distinct())
        {
            var taskId = AzureBatchIds.TaskId(task);
            foreach (var file in Files)
            {
                var where = $"{endpoint}/jobs/{Uri.EscapeDataString(facts.JobId)}/tasks/{taskId}/files/{file}";
                try
                {
                    var text = await client.GetTaskFileAsync(facts.JobId, taskId, file, cancellationToken).ConfigureAwait(false);
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
