namespace Experiments.Backends.Cloud;

/// <summary>
/// How long a cloud client keeps calling again and how long it waits between calls: exponential backoff with full
/// jitter (a random wait between zero and <c>min(MaxDelay, BaseDelay·2^retry)</c>, so many clients throttled together
/// do not come back together), until <see cref="MaxAttempts"/> calls or <see cref="MaxElapsed"/> have been spent.
/// Which answers are worth a retry is each cloud's own, in the derived policy.
/// </summary>
public abstract record BackoffSchedule
{
    protected BackoffSchedule(TimeSpan baseDelay) => BaseDelay = baseDelay;

    /// <summary>The most calls per operation, the first included.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The longest the retries of one operation may take, waits included.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The cap of the first retry's wait; each further retry doubles it.</summary>
    public TimeSpan BaseDelay { get; init; }

    /// <summary>The longest one wait may be.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first), with full jitter.</summary>
    public TimeSpan Delay(int retry, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * cap);
    }

    /// <summary>Refuses a schedule that could not run: no attempt at all, no time, or negative waits.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        if (MaxElapsed <= TimeSpan.Zero || BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxElapsed), "MaxElapsed must be positive; BaseDelay and MaxDelay must not be negative.");
    }
}
