namespace Experiments.CloudEmulators.Tests.Support;

/// <summary>Waits for background task execution to reach a state; the limit only guards against a hang.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still waiting for {what} after {Limit.TotalSeconds} s; last value: {value}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
