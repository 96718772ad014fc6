using System.Diagnostics;
using System.Threading.Channels;
using Experiments.Worker;

namespace Experiments.Backends.Local;

/// <summary>
/// One long-lived worker process in serve mode: task numbers go in on stdin, protocol events come out of stdout, and
/// stderr (the worker's log, user output included) is appended to a log file and kept as a tail for crash records.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<WorkerEvent> _events = Channel.CreateUnbounded<WorkerEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly StreamWriter _log;
    private readonly Lock _inputGate = new();
    private readonly Timer _logFlush;
    private bool _inputClosed;

    private WorkerProcess(Process process, StreamWriter log, StderrTail tail)
    {
        _process = process;
        _log = log;
        Tail = tail;
        Id = process.Id;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
        // The log is written in blocks, not a write per line: a worker of fast points sends thousands of lines a second.
        _logFlush = new Timer(_ => FlushLog(), null, LogFlushInterval, LogFlushInterval);
    }

    private static readonly TimeSpan LogFlushInterval = TimeSpan.FromMilliseconds(200);

    public int Id { get; }

    /// <summary>Protocol events, in order; completes when the worker's stdout closes.</summary>
    public ChannelReader<WorkerEvent> Events => _events.Reader;

    public StderrTail Tail { get; }

    public static WorkerProcess Start(ProcessStartInfo startInfo, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"Could not start a worker ({startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}): {e.Message}", e);
        }
        log.WriteLine($"--- worker process {process.Id} started {DateTimeOffset.UtcNow:O} ---");
        log.Flush();
        return new WorkerProcess(process, log, new StderrTail());
    }

    /// <summary>Sends a task number; false when the worker no longer reads its input.</summary>
    public bool Send(int task)
    {
        lock (_inputGate)
        {
            if (_inputClosed)
                return false;
            try
            {
                _process.StandardInput.WriteLine(task.ToString(System.Globalization.CultureInfo.InvariantCulture));
                _process.StandardInput.Flush();
                return true;
            }
            catch (IOException)
            {
                return false; // the worker is exiting; its exit is handled where its events end
            }
        }
    }

    /// <summary>Closes stdin: the worker finishes the point it is in and exits.</summary>
    public void CloseInput()
    {
        lock (_inputGate)
        {
            if (_inputClosed)
                return;
            _inputClosed = true;
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Asks the worker to stop now (SIGTERM): it records its running point as cancelled and exits.</summary>
    public void Terminate()
    {
        if (!PosixSignals.Terminate(Id))
            Kill();
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Waits for the process to exit and its output to be read, and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        // A grandchild that inherited the pipes could hold them open: read what there is, but do not wait for ever.
        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
        FlushLog();
        return _process.ExitCode;
    }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        if (!HasExited)
            Kill();
        _process.Dispose();
        _logFlush.Dispose();
        lock (_log)
            _log.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (WorkerProtocol.Parse(line) is { } e)
                    _events.Writer.TryWrite(e);
                else
                    WriteLog("stdout: " + line); // not an event: keep it where people look
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                // A crash record's detail is what the crashing point printed, not the output of the points before it
                // (which end with their end markers; a point's start marker may reach the log late, held back in a batch).
                if (PointOutputMarker.Parse(line) is not null)
                    Tail.Clear();
                else
                {
                    Tail.Add(line);
                }
                WriteLog(line);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void FlushLog()
    {
        lock (_log)
        {
            try
            {
                _log.Flush();
            }
            catch (ObjectDisposedException)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    private void WriteLog(string line)
    {
        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
