using System.Text;

namespace Experiments.Worker;

/// <summary>
/// A writer for the worker's stdout (the protocol) or stderr (its log) that holds back lines nobody needs at once —
/// protocol notices, the markers around each point's output — and writes them with the next ordinary write, on a
/// 50 ms timer, or on <see cref="Flush"/>. A worker running thousands of points a second then makes a handful of
/// writes a second instead of several per point, while everything else (a point's own output, <c>ready</c>,
/// <c>done</c>, errors) is written through at once, after the held-back lines, so the order never changes.
/// </summary>
internal sealed class CoalescingWriter : TextWriter
{
    /// <summary>How long a held-back line may wait: short next to a person watching, long next to a fast point.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly TextWriter _inner;
    private readonly StringBuilder _held = new();
    private readonly Lock _gate = new();
    private readonly Timer _timer;

    /// <param name="inner">The real stream's writer; written to only under this writer's lock.</param>
    public CoalescingWriter(TextWriter inner)
    {
        _inner = inner;
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
        // Environment.Exit (a point may call it) runs this; a crash's handlers call Flush themselves.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override string NewLine
    {
        get => "\n";
#pragma warning disable CS8765 // the line ending is fixed: readers split on \n
        set { }
#pragma warning restore CS8765
    }

    /// <summary>Holds <paramref name="line"/> back until the next write, tick or flush.</summary>
    public void WriteLineLater(string line)
    {
        lock (_gate)
            _held.Append(line).Append('\n');
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _held.Append(value);
            WriteHeld();
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _held.Append(value);
            WriteHeld();
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _held.Append(buffer, index, count);
            WriteHeld();
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            _held.Append(buffer);
            WriteHeld();
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _held.Append(value).Append('\n');
            WriteHeld();
        }
    }

    public override void WriteLine()
    {
        lock (_gate)
        {
            _held.Append('\n');
            WriteHeld();
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            try
            {
                WriteHeld();
            }
            catch (IOException)
            {
                // The reader is gone (the tool died): nothing to deliver to.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            _timer.Dispose();
            Flush();
        }
        base.Dispose(disposing);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Flush();

    /// <summary>One write (and flush) of everything held, so held lines and the write that follows them stay in order.</summary>
    private void WriteHeld()
    {
        if (_held.Length == 0)
            return;
        foreach (var chunk in _held.GetChunks())
            _inner.Write(chunk.Span);
        _held.Clear();
        _inner.Flush();
    }
}
