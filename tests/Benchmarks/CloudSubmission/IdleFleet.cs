using Experiments.CloudEmulators.Hosting;

namespace Benchmarks.CloudSubmission;

/// <summary>
/// The emulators' compute nodes for a submission benchmark: a task that starts waits until the emulator stops, so the
/// fleet takes no CPU from the submission being measured (the emulators run at most one such task at once).
/// </summary>
internal static class IdleFleet
{
    public const int Parallelism = 1;

    public static async Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
