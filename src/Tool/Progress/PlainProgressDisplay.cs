using System.Diagnostics;
using Experiments.Tool.Output;

namespace Experiments.Tool.Progress;

/// <summary>
/// Progress for logs: one line at the start, then one line whenever <see cref="Interval"/> has passed and something
/// changed, and a last line at the end — readable in CI output, with no cursor tricks.
/// </summary>
public sealed class PlainProgressDisplay(ToolConsole console, TimeSpan interval) : IProgressDisplay
{
    public TimeSpan Interval { get; } = interval;

    public async Task<T> ShowAsync<T>(Func<IProgressSink, Task<T>> work)
    {
        var sink = new Sink(console, Interval);
        try
        {
            return await work(sink);
        }
        finally
        {
            sink.Flush();
        }
    }

    private sealed class Sink(ToolConsole console, TimeSpan interval) : IProgressSink
    {
        private readonly Stopwatch _sinceLine = new();
        private ProgressSnapshot? _latest;
        private string? _lastLine;

        public void Report(ProgressSnapshot snapshot)
        {
            _latest = snapshot;
            if (_sinceLine.IsRunning && _sinceLine.Elapsed < interval)
                return;
            Write(snapshot, force: false);
        }

        public void Note(string message) => console.Warning(message);

        public void Flush()
        {
            if (_latest is not null)
                Write(_latest, force: true);
        }

        private void Write(ProgressSnapshot snapshot, bool force)
        {
            var line = snapshot.ToLine();
            // The same counts again say nothing new; elapsed time alone is not news in a log.
            var counts = $"{snapshot.Succeeded}/{snapshot.Failed}/{snapshot.Running}";
            if (!force && _lastLine == counts && _sinceLine.IsRunning && _sinceLine.Elapsed < interval * 6)
                return;
            if (force && _lastLine == counts)
                return;
            _lastLine = counts;
            _sinceLine.Restart();
            console.Line(line);
        }
    }
}
