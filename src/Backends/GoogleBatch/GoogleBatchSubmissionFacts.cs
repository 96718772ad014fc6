namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// What a Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find the jobs again.
/// </summary>
/// <param name="Jobs">The jobs, each with the service's uid as its detail (Cloud Logging labels its entries with it).</param>
public sealed record GoogleBatchSubmissionFacts(string Project, string Region, IReadOnlyList<SubmittedJob> Jobs)
{
    internal const string JobsKey = "jobs";
    private const string ProjectKey = "project";
    private const string RegionKey = "region";

    public string Parent => $"projects/{Project}/locations/{Region}";

    /// <summary>A job's resource name.</summary>
    public string Name(SubmittedJob job) => $"{Parent}/jobs/{job.Id}";

    /// <summary>Its only task group's resource name.</summary>
    public string TaskGroup(SubmittedJob job) => $"{Name(job)}/taskGroups/{GoogleBatchJobs.TaskGroupId}";

    /// <summary>Everything but the jobs, which the core writes.</summary>
    public Dictionary<string, string> ScopeProperties() => new(StringComparer.Ordinal) { [ProjectKey] = Project, [RegionKey] = Region };

    /// <summary>As properties: <c>jobs</c> is <c>jobId:offset:count|uid</c> per job, comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(ScopeProperties()) { [JobsKey] = BatchJobs.Format(Jobs) };

    public static GoogleBatchSubmissionFacts Of(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var properties = submission.Properties;
        if (!properties.TryGetValue(ProjectKey, out var project) || !properties.TryGetValue(RegionKey, out var region) || !properties.ContainsKey(JobsKey))
            throw new InvalidDataException($"Submission {submission.Id} does not hold the Batch project, region and jobs; its journal entry is damaged.");
        return new GoogleBatchSubmissionFacts(project, region, BatchJobs.Parse(submission, JobsKey));
    }
}
