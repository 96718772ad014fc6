namespace Experiments.Backends.AwsBatch;

/// <summary>
/// What an AWS Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find its jobs again.
/// </summary>
/// <param name="Jobs">The jobs and the plan tasks each runs (an array parent, or a plain job for one task).</param>
/// <param name="Region">The region the jobs were submitted in.</param>
/// <param name="JobQueue">The queue they went to.</param>
/// <param name="JobNamePrefix">Every job's name starts with it (and a hyphen): ListJobs finds them by it.</param>
public sealed record AwsBatchSubmissionFacts(IReadOnlyList<SubmittedJob> Jobs, string Region, string JobQueue, string JobNamePrefix)
{
    internal const string JobsKey = "jobs";
    private const string RegionKey = "region";
    private const string QueueKey = "jobQueue";
    private const string PrefixKey = "jobNamePrefix";

    public IReadOnlyList<string> JobIds => Jobs.Select(j => j.Id).ToArray();

    /// <summary>Everything but the jobs, which the core writes.</summary>
    public Dictionary<string, string> ScopeProperties() => new(StringComparer.Ordinal) { [RegionKey] = Region, [QueueKey] = JobQueue, [PrefixKey] = JobNamePrefix };

    /// <summary>As properties: <c>jobs</c> is <c>jobId:offset:count</c> per job, comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(ScopeProperties()) { [JobsKey] = BatchJobs.Format(Jobs) };

    public static AwsBatchSubmissionFacts Of(Submission submission)
    {
        var properties = submission.Properties;
        if (!properties.ContainsKey(JobsKey) || !properties.TryGetValue(QueueKey, out var queue))
            throw new InvalidDataException($"Submission {submission.Id} does not hold its AWS Batch jobs and queue; its journal entry is damaged.");
        return new AwsBatchSubmissionFacts(BatchJobs.Parse(submission, JobsKey), properties.GetValueOrDefault(RegionKey) ?? "", queue, properties.GetValueOrDefault(PrefixKey) ?? "");
    }

    /// <summary>The AWS job id of plan task <paramref name="task"/>: a child <c>{parent}:{index}</c>, or a plain job's id.</summary>
    public static string? TaskJobId(SubmittedJob? job, int task) =>
        job is null ? null : job.IsArray ? FormattableString.Invariant($"{job.Id}:{task - job.Tasks.Offset}") : job.Id;
}
