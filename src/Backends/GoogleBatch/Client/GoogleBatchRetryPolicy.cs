using Experiments.Backends.Cloud;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>
/// When to call again: 429 (RESOURCE_EXHAUSTED), 500, 502, 503, 504 and connections that failed or dropped are
/// retried on the <see cref="BackoffSchedule"/>. Other answers are final.
/// </summary>
public sealed record GoogleBatchRetryPolicy() : BackoffSchedule(TimeSpan.FromMilliseconds(250))
{
    public static GoogleBatchRetryPolicy Default { get; } = new();

    public static bool IsRetryable(int statusCode) => statusCode is 429 or 500 or 502 or 503 or 504;
}
