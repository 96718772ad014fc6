using System.Globalization;

namespace Experiments.Backends.GoogleBatch;

/// <summary>One created job: its id, the service's uid (Cloud Logging labels its entries with it) and its plan tasks.</summary>
public sealed record GoogleBatchJob(string JobId, string Uid, ArrayChunk Tasks)
{
    /// <summary>The job's resource name under <paramref name="parent"/> (<c>projects/P/locations/L</c>).</summary>
    public string Name(string parent) => $"{parent}/jobs/{JobId}";

    /// <summary>Its only task group's resource name.</summary>
    public string TaskGroup(string parent) => $"{Name(parent)}/taskGroups/{GoogleBatchJobs.TaskGroupId}";
}

/// <summary>
/// What a Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find the jobs again.
/// </summary>
public sealed record GoogleBatchSubmissionFacts(string Project, string Region, IReadOnlyList<GoogleBatchJob> Jobs)
{
    private const string ProjectKey = "project";
    private const string RegionKey = "region";
    private const string JobsKey = "jobs";

    public string Parent => $"projects/{Project}/locations/{Region}";

    /// <summary>As properties: <c>jobs</c> is <c>jobId|uid|offset|count</c> per job, comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ProjectKey] = Project,
        [RegionKey] = Region,
        [JobsKey] = string.Join(',', Jobs.Select(j => string.Create(CultureInfo.InvariantCulture, $"{j.JobId}|{j.Uid}|{j.Tasks.Offset}|{j.Tasks.Count}"))),
    };

    public static GoogleBatchSubmissionFacts Of(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var properties = submission.Properties;
        if (!properties.TryGetValue(ProjectKey, out var project) || !properties.TryGetValue(RegionKey, out var region) || !properties.TryGetValue(JobsKey, out var jobsText))
            throw new InvalidDataException($"Submission {submission.Id} does not hold the Batch project, region and jobs; its journal entry is damaged.");
        var jobs = new List<GoogleBatchJob>();
        foreach (var item in jobsText.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('|');
            if (parts.Length != 4
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new InvalidDataException($"Submission {submission.Id} has a damaged job entry '{item}' (expected jobId|uid|offset|count).");
            jobs.Add(new GoogleBatchJob(parts[0], parts[1], new ArrayChunk(offset, count)));
        }
        return new GoogleBatchSubmissionFacts(project, region, jobs);
    }
}
