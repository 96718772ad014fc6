using System.Threading.Channels;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// The emulated compute nodes: runs queued task attempts in submission order, at most <c>parallelism</c> at once,
/// in the background. Each work item updates its own task's state.
/// </summary>
internal sealed class TaskFleet : IAsyncDisposable
{
    private readonly Channel<Func<CancellationToken, Task>> _queue = Channel.CreateUnbounded<Func<CancellationToken, Task>>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _workers = [];

    public TaskFleet(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        for (var i = 0; i < parallelism; i++)
            _workers.Add(Task.Run(WorkAsync));
    }

    public void Enqueue(Func<CancellationToken, Task> attempt) => _queue.Writer.TryWrite(attempt);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var attempt in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await attempt(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The emulator is being disposed.
        }
    }
}
