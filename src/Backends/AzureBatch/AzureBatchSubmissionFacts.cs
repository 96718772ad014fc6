namespace Experiments.Backends.AzureBatch;

/// <summary>
/// What an Azure Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find the job again: the account and the job.
/// </summary>
/// <param name="Endpoint">The Batch account URL (no secret in it).</param>
/// <param name="JobId">The submission's job.</param>
/// <param name="Pool">The pool id, or <see cref="AutoPool"/>.</param>
public sealed record AzureBatchSubmissionFacts(string Endpoint, string JobId, string Pool)
{
    public const string AutoPool = "(auto pool)";

    private const string EndpointKey = "endpoint";
    private const string JobKey = "job";
    private const string PoolKey = "pool";

    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EndpointKey] = Endpoint,
        [JobKey] = JobId,
        [PoolKey] = Pool,
    };

    public static AzureBatchSubmissionFacts Of(Submission submission)
    {
        var properties = submission.Properties;
        var job = properties.GetValueOrDefault(JobKey) ?? submission.JobIds.FirstOrDefault();
        if (string.IsNullOrEmpty(job) || !properties.TryGetValue(EndpointKey, out var endpoint))
            throw new InvalidDataException($"Submission {submission.Id} does not hold its Azure Batch account and job; its journal entry is damaged.");
        return new AzureBatchSubmissionFacts(endpoint, job, properties.GetValueOrDefault(PoolKey) ?? "");
    }
}
