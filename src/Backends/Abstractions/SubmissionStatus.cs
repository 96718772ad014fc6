namespace Experiments.Backends;

/// <summary>The answer to one bulk status query.</summary>
/// <param name="Tasks">How many of the submission's tasks are in each state (states with no tasks may be absent).</param>
/// <param name="Finished">True when no task will change state any more (all ended, or the backend lost track of them).</param>
/// <param name="Message">What went wrong with the submission itself (the app would not start, a status query failed), for people.</param>
public sealed record SubmissionStatus(IReadOnlyDictionary<TaskState, int> Tasks, bool Finished, string? Message = null)
{
    public int Count(TaskState state) => Tasks.TryGetValue(state, out var n) ? n : 0;

    public int Total => Tasks.Values.Sum();
}
