namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// When and how long to wait before calling again: throttling (429, <c>TooManyRequestsException</c>,
/// <c>ThrottlingException</c>), server errors (5xx) and connection failures are retried with exponential backoff and
/// full jitter (a random wait between zero and <c>min(MaxDelay, BaseDelay·2^retry)</c>, so many clients throttled together
/// do not come back together), until <see cref="MaxAttempts"/> calls or <see cref="MaxElapsed"/> have been spent.
/// Client errors (other 4xx) are never retried: the same request would be refused again.
/// </summary>
public sealed record AwsBatchRetryPolicy
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "TooManyRequestsException", "ThrottlingException", "Throttling", "ThrottledException", "RequestLimitExceeded",
        "SlowDown", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
    };

    /// <summary>The most calls per operation, the first included.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The longest the retries of one operation may take, waits included.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The cap of the first retry's wait; each further retry doubles it.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest one wait may be.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    public static AwsBatchRetryPolicy Default { get; } = new();

    /// <summary>Whether an HTTP answer is worth calling again for.</summary>
    public static bool IsRetryable(int statusCode, string? errorCode) =>
        statusCode >= 500 || IsThrottling(statusCode, errorCode);

    public static bool IsThrottling(int statusCode, string? errorCode) =>
        statusCode == 429 || (errorCode is not null && ThrottlingCodes.Contains(errorCode));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first), with full jitter.</summary>
    public TimeSpan Delay(int retry, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * cap);
    }

    internal void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        if (MaxElapsed <= TimeSpan.Zero || BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxElapsed), "MaxElapsed must be positive; BaseDelay and MaxDelay must not be negative.");
    }
}
