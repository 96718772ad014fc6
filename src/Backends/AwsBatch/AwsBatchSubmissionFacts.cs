using System.Globalization;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// What an AWS Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find its jobs again.
/// </summary>
/// <param name="Jobs">The jobs and the plan tasks each runs (an array parent, or a plain job for one task).</param>
/// <param name="Region">The region the jobs were submitted in.</param>
/// <param name="JobQueue">The queue they went to.</param>
/// <param name="JobNamePrefix">Every job's name starts with it (and a hyphen): ListJobs finds them by it.</param>
public sealed record AwsBatchSubmissionFacts(IReadOnlyList<AwsBatchJob> Jobs, string Region, string JobQueue, string JobNamePrefix)
{
    private const string JobsKey = "jobs";
    private const string RegionKey = "region";
    private const string QueueKey = "jobQueue";
    private const string PrefixKey = "jobNamePrefix";

    public IReadOnlyList<string> JobIds => Jobs.Select(j => j.JobId).ToArray();

    /// <summary>As properties: <c>jobs</c> is <c>jobId:offset:count</c> per job, comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [JobsKey] = string.Join(',', Jobs.Select(j => string.Create(CultureInfo.InvariantCulture, $"{j.JobId}:{j.Tasks.Offset}:{j.Tasks.Count}"))),
        [RegionKey] = Region,
        [QueueKey] = JobQueue,
        [PrefixKey] = JobNamePrefix,
    };

    public static AwsBatchSubmissionFacts Of(Submission submission)
    {
        var properties = submission.Properties;
        if (!properties.TryGetValue(JobsKey, out var jobsText) || !properties.TryGetValue(QueueKey, out var queue))
            throw new InvalidDataException($"Submission {submission.Id} does not hold its AWS Batch jobs and queue; its journal entry is damaged.");
        var jobs = new List<AwsBatchJob>();
        foreach (var item in jobsText.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            // Job ids are UUIDs; split from the right so an id with ':' could not break the entry.
            var parts = item.Split(':');
            if (parts.Length < 3
                || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new InvalidDataException($"Submission {submission.Id} has a damaged job entry '{item}' (expected jobId:offset:count).");
            jobs.Add(new AwsBatchJob(string.Join(':', parts[..^2]), new ArrayChunk(offset, count)));
        }
        return new AwsBatchSubmissionFacts(jobs, properties.GetValueOrDefault(RegionKey) ?? "", queue, properties.GetValueOrDefault(PrefixKey) ?? "");
    }

    /// <summary>The job running plan task <paramref name="task"/> and the AWS job id of that task (a child <c>{parent}:{index}</c>).</summary>
    public (AwsBatchJob Job, string TaskJobId)? Find(int task)
    {
        foreach (var job in Jobs)
        {
            if (task < job.Tasks.Offset || task > job.Tasks.LastTask)
                continue;
            return (job, job.IsArray ? string.Create(CultureInfo.InvariantCulture, $"{job.JobId}:{task - job.Tasks.Offset}") : job.JobId);
        }
        return null;
    }
}
