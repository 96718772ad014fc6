namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// One attempt at a task, handed to the test's hook, which plays the compute node and returns the exit code.
/// </summary>
/// <param name="JobId">The job's id.</param>
/// <param name="TaskId">The task's id (Azure) or name (Google, <c>…/taskGroups/group0/tasks/3</c>).</param>
/// <param name="Index">The task index (Google's <c>BATCH_TASK_INDEX</c>); null for Azure tasks.</param>
/// <param name="Attempt">1 for the first run, 2 for the first retry, …</param>
/// <param name="CommandLine">The command as the service has it (Azure's commandLine; Google's entrypoint and
/// commands, or script text).</param>
/// <param name="Arguments">The command split into program and arguments, ready to start as a process.</param>
/// <param name="Environment">The variables the service sets for the task.</param>
/// <param name="ImageName">The container image, when the task runs in one.</param>
/// <param name="ContainerOptions">Extra container run options as sent (Azure containerRunOptions, Google options).</param>
public sealed record EmulatedTask(
    string JobId,
    string TaskId,
    int? Index,
    int Attempt,
    string CommandLine,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string? ImageName,
    string? ContainerOptions)
{
    /// <summary>Where the hook puts what the attempt printed; the emulator serves it as the service's logs.</summary>
    public TaskOutput Output { get; init; } = new();
}
