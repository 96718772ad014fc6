namespace Experiments.TestSupport.Services;

/// <summary>
/// A real service a test needs (Slurm, the container registry, moto, Azurite). test.sh starts them all before any test
/// runs; a test asks here whether its service is up. In CI (<c>CI=true</c>) a service that is not up fails the test, so
/// a broken environment can never pass as skipped tests; on a developer's machine the test is skipped with the command
/// that starts the service.
/// </summary>
public static class RequiredService
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <param name="name">The service, as people know it ("Slurm", "moto").</param>
    /// <param name="unavailableBecause">Why it did not answer; null or empty when it did.</param>
    /// <param name="start">The command that starts it (e.g. "sudo tests/Slurm/cluster.sh").</param>
    public static void Require(string name, string? unavailableBecause, string start)
    {
        if (string.IsNullOrEmpty(unavailableBecause))
            return;
        var message = $"{name} is not available ({unavailableBecause}); start it with: {start}";
        if (InCi)
            throw new InvalidOperationException(message + " — in CI a missing service is a failure, not a skip.");
        // What Assert.Skip throws: xunit reports an exception whose message starts with this token as a skip.
        throw new Exception(global::Xunit.v3.DynamicSkipToken.Value + message);
    }
}
