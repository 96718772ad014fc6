namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// Faults a test asks an emulator to inject. Each fault is consumed by the requests (or task attempts) it hits, in
/// arrival order; faults apply before the request is validated, as a real front end's would.
/// </summary>
public sealed class EmulatorFaults
{
    /// <summary>The exit code of an attempt failed by <see cref="FailFirstAttemptOf(string[])"/>: the attempt is
    /// reported as killed (as on a lost or preempted node) without running the task.</summary>
    public const int FailedAttemptExitCode = 137;

    private readonly Lock _gate = new();
    private readonly List<DropRule> _drops = [];
    private readonly HashSet<string> _failFirstAttempt = new(StringComparer.OrdinalIgnoreCase);
    private int _throttle;
    private int _fail;
    private int _failStatus = 503;

    /// <summary>How long throttled clients are told to wait (Azure's <c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>Answer the next <paramref name="count"/> requests with 429 (Azure: <c>Retry-After</c>; Google:
    /// <c>RESOURCE_EXHAUSTED</c>).</summary>
    public void ThrottleNext(int count, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _throttle = count;
            RetryAfter = retryAfter ?? RetryAfter;
        }
    }

    /// <summary>Answer the next <paramref name="count"/> requests with a server error (500 or 503).</summary>
    public void FailNext(int count, int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (statusCode is not (500 or 503))
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A server fault is 500 or 503.");
        lock (_gate)
        {
            _fail = count;
            _failStatus = statusCode;
        }
    }

    /// <summary>Drop the connection of the next request with this method whose path ends with
    /// <paramref name="pathSuffix"/>, after reading its body. With <paramref name="applyFirst"/> the emulator carries the
    /// request out before dropping (the client cannot tell it succeeded); otherwise it is dropped unapplied.</summary>
    public void DropNext(string httpMethod, string pathSuffix, bool applyFirst)
    {
        lock (_gate)
            _drops.Add(new DropRule(httpMethod, pathSuffix, applyFirst));
    }

    /// <summary>Make the first attempt of these tasks (Azure task ids, Google task indexes) fail with
    /// <see cref="FailedAttemptExitCode"/> without running; later attempts run normally.</summary>
    public void FailFirstAttemptOf(params string[] taskIds)
    {
        lock (_gate)
            _failFirstAttempt.UnionWith(taskIds);
    }

    /// <inheritdoc cref="FailFirstAttemptOf(string[])"/>
    public void FailFirstAttemptOf(params int[] taskIndexes) =>
        FailFirstAttemptOf(taskIndexes.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    internal bool TakeThrottle()
    {
        lock (_gate)
        {
            if (_throttle == 0)
                return false;
            _throttle--;
            return true;
        }
    }

    internal int? TakeFailure()
    {
        lock (_gate)
        {
            if (_fail == 0)
                return null;
            _fail--;
            return _failStatus;
        }
    }

    /// <summary>Null when the request is not to be dropped, else whether to apply it first.</summary>
    internal bool? TakeDrop(string httpMethod, string path)
    {
        lock (_gate)
        {
            var rule = _drops.FirstOrDefault(d => string.Equals(d.Method, httpMethod, StringComparison.OrdinalIgnoreCase)
                && path.EndsWith(d.PathSuffix, StringComparison.Ordinal));
            if (rule is null)
                return null;
            _drops.Remove(rule);
            return rule.ApplyFirst;
        }
    }

    internal bool FailsAttempt(string taskKey, int attempt)
    {
        if (attempt != 1)
            return false;
        lock (_gate)
            return _failFirstAttempt.Contains(taskKey);
    }

    private sealed record DropRule(string Method, string PathSuffix, bool ApplyFirst);
}
