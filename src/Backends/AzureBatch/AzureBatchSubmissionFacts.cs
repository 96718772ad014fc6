namespace Experiments.Backends.AzureBatch;

/// <summary>
/// What an Azure Batch submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c>, <c>resume</c> and <c>logs</c> from another process find its jobs again: the account and the pool (the
/// core keeps the jobs).
/// </summary>
/// <param name="Endpoint">The Batch account URL (no secret in it).</param>
/// <param name="Pool">The pool id, or <see cref="AutoPool"/>.</param>
public sealed record AzureBatchSubmissionFacts(string Endpoint, string Pool)
{
    public const string AutoPool = "(auto pool)";

    private const string EndpointKey = "endpoint";
    private const string PoolKey = "pool";

    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EndpointKey] = Endpoint,
        [PoolKey] = Pool,
    };

    public static AzureBatchSubmissionFacts Of(Submission submission) =>
        submission.Properties.TryGetValue(EndpointKey, out var endpoint)
            ? new AzureBatchSubmissionFacts(endpoint, submission.Properties.GetValueOrDefault(PoolKey) ?? "")
            : throw new InvalidDataException($"Submission {submission.Id} does not hold its Azure Batch account; its journal entry is damaged.");
}
