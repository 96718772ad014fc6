using System.Runtime.InteropServices;

namespace Experiments.Worker;

/// <summary>
/// A served worker lives only as long as the tool that feeds it. When the tool dies — SIGKILL included, which it cannot
/// pass on — the kernel gives its children a new parent; this notices that and stops the worker as a signal would, so
/// the point it is in is cancelled and no further point starts. Polling the parent id is used rather than
/// <c>PR_SET_PDEATHSIG</c>, which fires when the forking <em>thread</em> ends, and .NET forks from pool threads.
/// </summary>
internal sealed class ParentWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Timer? _timer;
    private readonly int _parent;
    private readonly WorkerStop _stop;

    private ParentWatch(WorkerStop stop, int parent)
    {
        _stop = stop;
        _parent = parent;
        _timer = new Timer(_ => Check(), null, Interval, Interval);
    }

    /// <summary>Watches the current parent; does nothing where parent ids cannot be read (Windows).</summary>
    public static ParentWatch? Start(WorkerStop stop)
    {
        if (OperatingSystem.IsWindows())
            return null;
        var parent = getppid();
        // Already orphaned (or started by init): there is no tool to outlive.
        return parent <= 1 ? null : new ParentWatch(stop, parent);
    }

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        if (_stop.IsCancelled || getppid() == _parent)
            return;
        Console.Error.WriteLine($"experiments worker: the tool that started this worker (process {_parent}) has ended; stopping.");
        _stop.Cancel();
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int getppid();
}
