using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.Tests.Support;

/// <summary>Hooks for the emulators' compute fleet: real processes, and a record of what ran.</summary>
internal sealed class RecordingFleet
{
    private readonly List<EmulatedTask> _started = [];

    public IReadOnlyList<EmulatedTask> Started
    {
        get
        {
            lock (_started)
                return _started.ToArray();
        }
    }

    /// <summary>Runs each task as a local process, after noting it.</summary>
    public Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        lock (_started)
            _started.Add(task);
        return LocalTaskRunner.RunAsync(task, null, cancellationToken);
    }
}
