using Experiments.Backends.Cloud;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// When to call again: throttling (429, <c>TooManyRequestsException</c>, <c>ThrottlingException</c>), server errors
/// (5xx) and connection failures are retried on the <see cref="BackoffSchedule"/>. Client errors (other 4xx) are never
/// retried: the same request would be refused again.
/// </summary>
public sealed record AwsBatchRetryPolicy() : BackoffSchedule(TimeSpan.FromMilliseconds(200))
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "TooManyRequestsException", "ThrottlingException", "Throttling", "ThrottledException", "RequestLimitExceeded",
        "SlowDown", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
    };

    public static AwsBatchRetryPolicy Default { get; } = new();

    /// <summary>Whether an HTTP answer is worth calling again for.</summary>
    public static bool IsRetryable(int statusCode, string? errorCode) =>
        statusCode >= 500 || IsThrottling(statusCode, errorCode);

    public static bool IsThrottling(int statusCode, string? errorCode) =>
        statusCode == 429 || (errorCode is not null && ThrottlingCodes.Contains(errorCode));
}
