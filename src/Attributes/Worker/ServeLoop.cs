using System.Collections.Concurrent;
using System.Globalization;

namespace Experiments.Worker;

/// <summary>
/// Serve mode for the local backend: a long-lived worker that takes task numbers from stdin, one per line, and runs
/// them one after another. Stdin is read on its own thread so that its end is noticed while a task runs: the worker
/// then finishes the point it is in and exits, which is how the controller stops a worker gently.
/// </summary>
internal sealed class ServeLoop
{
    private readonly TextReader _input;
    private readonly WorkerStop _stop;
    private readonly BlockingCollection<string> _lines = new();

    public ServeLoop(TextReader input, WorkerStop stop)
    {
        _input = input;
        _stop = stop;
    }

    public async Task<int> RunAsync(TaskRunner runner, Action<string> protocol)
    {
        var reader = new Thread(ReadInput) { IsBackground = true, Name = "experiments worker stdin" };
        reader.Start();
        protocol(WorkerProtocol.Ready());
        while (!_stop.ShouldStop && TryTake(out var line))
        {
            if (!int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var task))
                throw new WorkerInvocationException($"Serve mode reads one task number per line on stdin; got '{line}'.");
            if (!await runner.RunAsync(task).ConfigureAwait(false))
                break;
            protocol(WorkerProtocol.Done(task));
        }
        return _stop.IsCancelled ? WorkerExitCodes.Cancelled : WorkerExitCodes.Success;
    }

    /// <summary>Waits for the next line; false at the end of input or when the worker is told to stop.</summary>
    private bool TryTake(out string line)
    {
        try
        {
            return _lines.TryTake(out line!, Timeout.Infinite, _stop.Cancellation);
        }
        catch (OperationCanceledException)
        {
            line = "";
            return false;
        }
    }

    private void ReadInput()
    {
        try
        {
            while (_input.ReadLine() is { } line)
            {
                if (line.Length > 0)
                    _lines.Add(line);
            }
        }
        catch (IOException)
        {
            // A broken pipe is an end of input like any other.
        }
        _stop.Drain();
        _lines.CompleteAdding();
    }
}
