namespace Experiments.Backends.AwsBatch.Client;

/// <summary>The operations whose answers come in pages or whose input is capped, called until everything is in.</summary>
public static class AwsBatchPaging
{
    /// <summary>Every page of a ListJobs query (<see cref="ListJobsRequest.NextToken"/> is followed; the request's own is the start).</summary>
    public static async Task<IReadOnlyList<JobSummary>> ListAllJobsAsync(this IAwsBatchClient client, ListJobsRequest request, CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobSummary>();
        var page = request;
        while (true)
        {
            var answer = await client.ListJobsAsync(page, cancellationToken).ConfigureAwait(false);
            jobs.AddRange(answer.JobSummaryList ?? []);
            if (string.IsNullOrEmpty(answer.NextToken))
                return jobs;
            page = page with { NextToken = answer.NextToken };
        }
    }

    /// <summary>Every page of a DescribeJobDefinitions query.</summary>
    public static async Task<IReadOnlyList<JobDefinition>> DescribeAllJobDefinitionsAsync(this IAwsBatchClient client, DescribeJobDefinitionsRequest request, CancellationToken cancellationToken = default)
    {
        var definitions = new List<JobDefinition>();
        var page = request;
        while (true)
        {
            var answer = await client.DescribeJobDefinitionsAsync(page, cancellationToken).ConfigureAwait(false);
            definitions.AddRange(answer.JobDefinitions ?? []);
            if (string.IsNullOrEmpty(answer.NextToken))
                return definitions;
            page = page with { NextToken = answer.NextToken };
        }
    }

    /// <summary>
    /// The jobs AWS still knows of <paramref name="jobIds"/>, keyed by id: one DescribeJobs call per
    /// <see cref="DescribeJobsRequest.MaxJobs"/> ids. An id AWS no longer knows is absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, JobDetail>> DescribeAllJobsAsync(this IAwsBatchClient client, IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, JobDetail>(StringComparer.Ordinal);
        foreach (var batch in jobIds.Distinct(StringComparer.Ordinal).Chunk(DescribeJobsRequest.MaxJobs))
        {
            var answer = await client.DescribeJobsAsync(new DescribeJobsRequest(batch), cancellationToken).ConfigureAwait(false);
            foreach (var job in answer.Jobs ?? [])
                details[job.JobId] = job;
        }
        return details;
    }
}
