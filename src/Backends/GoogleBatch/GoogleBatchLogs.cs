using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Backends.GoogleBatch.Client;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Where a task's stdout and stderr go with <c>logsPolicy.destination = CLOUD_LOGGING</c>: the log
/// <c>projects/{project}/logs/batch_task_logs</c>, one entry per line, labelled with the job's uid and the task's id
/// (<c>task/{job uid}-group0-{index}/{retry}/{runnable}</c>). The query finds every attempt of one task (paste it into
/// the Logs Explorer or <c>gcloud logging read</c>); <see cref="FetchAsync"/> reads the newest entries with
/// entries.list, one <see cref="TaskLog"/> per attempt.
/// </summary>
public static partial class GoogleBatchLogs
{
    public const string LogId = "batch_task_logs";

    public static string Query(string project, string jobUid, int taskIndex) =>
        string.Create(CultureInfo.InvariantCulture,
            $"logName=\"projects/{project}/logs/{LogId}\" AND labels.job_uid=\"{jobUid}\" AND labels.task_id:\"task/{jobUid}-{GoogleBatchJobs.TaskGroupId}-{taskIndex}/\"");

    /// <summary>One entry per asked-for plan task that one of the submission's jobs runs: its query, no text.</summary>
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

    /// <summary>
    /// The newest page (1,000 entries) of each task's output, oldest line first, one <see cref="TaskLog"/> per attempt
    /// (the retry number in the entries' <c>task_id</c>); a task whose entries cannot be read keeps its query, with why.
    /// </summary>
    public static async Task<IReadOnlyList<TaskLog>> FetchAsync(
        IGoogleBatchClient client, GoogleBatchSubmissionFacts facts, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var logs = new List<TaskLog>();
        foreach (var located in For(facts, tasks.Distinct().Order().ToArray()))
        {
            ListLogEntriesResponse page;
            try
            {
                page = await client.ListLogEntriesAsync(
                    new ListLogEntriesRequest([$"projects/{facts.Project}"], located.Where, "timestamp desc", ListLogEntriesRequest.MaxPageSize),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleBatchException e)
            {
                logs.Add(located with { Where = $"{located.Where} (could not read it: {e.Message})" });
                continue;
            }
            var entries = (page.Entries ?? []).Reverse().ToArray();
            if (entries.Length == 0)
            {
                logs.Add(located with { Where = located.Where + " (no entries: the task has not printed yet, or they expired)" });
                continue;
            }
            var attempts = entries.GroupBy(e => Retry(e.Labels?.GetValueOrDefault("task_id"))).OrderBy(g => g.Key).ToArray();
            foreach (var attempt in attempts)
            {
                var label = attempts.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $" (attempt {attempt.Key + 1})") : "";
                logs.Add(new TaskLog(located.Task, located.Where + label, string.Concat(attempt.Select(e => (e.TextPayload ?? "").TrimEnd('\n') + "\n"))));
            }
        }
        return logs;
    }

    /// <summary>The retry number in <c>task/{uid}-group0-{index}/{retry}/{runnable}</c>; 0 when it cannot be read.</summary>
    private static int Retry(string? taskId) =>
        taskId is not null && RetryPart().Match(taskId) is { Success: true } match
            ? int.Parse(match.Groups["retry"].Value, CultureInfo.InvariantCulture)
            : 0;

    [GeneratedRegex(@"^task/[^/]+/(?<retry>\d{1,6})/", RegexOptions.CultureInvariant)]
    private static partial Regex RetryPart();
}
