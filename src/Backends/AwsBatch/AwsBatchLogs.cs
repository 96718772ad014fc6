using System.Globalization;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// A task's output on AWS Batch: the awslogs driver sends each attempt's container output to a CloudWatch Logs stream
/// (<c>/aws/batch/job</c> unless the job definition names another group), which DescribeJobs names per attempt. The
/// children asked for are described (one DescribeJobs per 100, as ListJobs carries no log streams), then the end of each
/// stream is read with GetLogEvents: one <see cref="TaskLog"/> per attempt, stdout and stderr together as the driver
/// keeps them. A stream that cannot be read (expired by the group's retention, or no permission) keeps only its
/// location, with why.
/// </summary>
internal static class AwsBatchLogs
{
    /// <summary>The default log group of AWS Batch jobs (awslogs without a group of its own).</summary>
    public const string DefaultLogGroup = "/aws/batch/job";

    /// <summary>The most events one GetLogEvents answers: the newest ones, enough for the points' markers and their tails.</summary>
    public const int MaxEvents = 10_000;

    public static async Task<IReadOnlyList<TaskLog>> FetchAsync(
        IAwsBatchClient client, SubmissionJobs submission, string region, IReadOnlyList<int> tasks, CancellationToken cancellationToken)
    {
        var wanted = new List<(int Task, string JobId)>();
        foreach (var task in tasks.Distinct())
            if (AwsBatchSubmissionFacts.TaskJobId(submission.JobOf(task), task) is { } jobId)
                wanted.Add((task, jobId));
        if (submission.Submission.Properties.GetValueOrDefault("region") is { Length: > 0 } journaled)
            region = journaled;
        if (wanted.Count == 0)
            return [];
        var details = await client.DescribeAllJobsAsync(wanted.Select(w => w.JobId).ToList(), cancellationToken).ConfigureAwait(false);
        var logs = new List<TaskLog>();
        foreach (var (task, jobId) in wanted.OrderBy(w => w.Task))
        {
            if (!details.TryGetValue(jobId, out var detail))
                continue;
            var group = detail.Container?.LogConfiguration is { LogDriver: "awslogs", Options: { } options } && options.TryGetValue("awslogs-group", out var named)
                ? named
                : DefaultLogGroup;
            var streams = (detail.Attempts ?? []).Select(a => a.Container?.LogStreamName).Append(detail.Container?.LogStreamName)
                .Where(s => !string.IsNullOrEmpty(s)).Cast<string>().Distinct(StringComparer.Ordinal).ToList();
            for (var i = 0; i < streams.Count; i++)
            {
                var attempt = streams.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (attempt {i + 1} of {streams.Count})") : "";
                var where = $"CloudWatch Logs {group} stream {streams[i]} in {region}, job {jobId}{attempt}";
                logs.Add(await ReadAsync(client, task, where, group, streams[i], cancellationToken).ConfigureAwait(false));
            }
        }
        return logs;
    }

    private static async Task<TaskLog> ReadAsync(IAwsBatchClient client, int task, string where, string group, string stream, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.GetLogEventsAsync(new GetLogEventsRequest(group, stream, MaxEvents, StartFromHead: false), cancellationToken).ConfigureAwait(false);
            var text = string.Concat((answer.Events ?? []).Select(e => (e.Message ?? "").TrimEnd('\n') + "\n"));
            return new TaskLog(task, where, text);
        }
        catch (AwsBatchException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return new TaskLog(task, where + " (gone: not written yet, or expired by the log group's retention)");
        }
        catch (AwsBatchException e)
        {
            return new TaskLog(task, $"{where} (could not read it: {e.Message})");
        }
    }
}
