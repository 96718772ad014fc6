namespace Experiments.Backends;

/// <summary>What an adapter's bulk poll says of one job: its tasks' states, normalised, and what it can name of failures.</summary>
/// <param name="Tasks">How many of the job's tasks are in each state.</param>
/// <param name="Final">No task of the job will change state any more (ended, or the service forgot it).</param>
/// <param name="Failures">A few failed tasks described for people (<c>task 3 (job 42_3): exit 1, see …</c>); the rest are counted.</param>
/// <param name="Lost">The service no longer knows the job; its tasks are counted as <see cref="TaskState.Unknown"/>.</param>
/// <param name="Note">Anything else worth a line (the job could not be scheduled).</param>
public sealed record JobReport(
    IReadOnlyDictionary<TaskState, int> Tasks,
    bool Final,
    IReadOnlyList<string>? Failures = null,
    bool Lost = false,
    string? Note = null)
{
    /// <summary>A job the service no longer knows: <paramref name="count"/> unknown tasks, finished.</summary>
    public static JobReport Forgotten(int count) => new(new Dictionary<TaskState, int> { [TaskState.Unknown] = count }, Final: true, Lost: true);

    /// <summary>All <paramref name="count"/> tasks in one state.</summary>
    public static JobReport All(TaskState state, int count, bool final) => new(new Dictionary<TaskState, int> { [state] = count }, final);
}
