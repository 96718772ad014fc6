namespace Experiments.Backends;

/// <summary>
/// A task's state, normalised over backends. A task is <see cref="Succeeded"/> when all its points ended — failed
/// points are data, not a failed task; <see cref="Failed"/> means the task itself could not run its points.
/// </summary>
public enum TaskState
{
    Pending,
    Running,
    Held,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The backend could not tell (a status query failed, the job left the queue's memory): never read as running.</summary>
    Unknown,
}
