namespace Experiments.Worker;

/// <summary>
/// The two ways a worker is asked to stop. <see cref="Cancel"/> (SIGTERM, SIGINT) cancels the running point, which is
/// recorded as cancelled. <see cref="Drain"/> (stdin closed in serve mode) lets the running point finish, then stops.
/// </summary>
internal sealed class WorkerStop : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private volatile bool _draining;

    /// <summary>Fires when the worker is told to stop now.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    public bool IsCancelled => _cancel.IsCancellationRequested;

    /// <summary>The signal that asked for the stop, when one did.</summary>
    public System.Runtime.InteropServices.PosixSignal? CancelledBy { get; private set; }

    public bool IsDraining => _draining;

    /// <summary>Whether to start no further point.</summary>
    public bool ShouldStop => IsCancelled || IsDraining;

    /// <param name="signal">The signal that asked for it, when one did.</param>
    public void Cancel(System.Runtime.InteropServices.PosixSignal? signal = null)
    {
        CancelledBy ??= signal;
        _cancel.Cancel();
    }

    public void Drain() => _draining = true;

    public void Dispose() => _cancel.Dispose();
}
