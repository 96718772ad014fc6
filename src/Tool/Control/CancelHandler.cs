using Experiments.Backends.Local;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;

namespace Experiments.Tool.Control;

/// <summary>
/// <c>cancel [RUN]</c>: stops a run's tasks from any terminal. A run whose tool is still following it is stopped
/// through that tool (as Ctrl+C would), so it records what finished; tasks on a cluster or in the cloud are cancelled
/// through their backend either way, and <c>resume</c> later runs what they did not finish.
/// </summary>
public static class CancelHandler
{
    public static async Task<int> CancelAsync(ToolConsole console, string? project, string? runId, CancellationToken cancellationToken)
    {
        var found = JournaledRun.Find(project, runId);
        var (_, run, submissions) = found;
        var alive = RunLiveness.IsAlive(run);
        if (alive && run.ToolProcessId is { } pid)
        {
            // The tool that runs it cancels its own tasks on SIGTERM and then records what finished.
            PosixSignals.Terminate(pid);
            console.Line($"Asked the dotnet experiment process {pid} following run {run.Id} to stop; it cancels the tasks and records what finished.");
        }
        if (submissions.Count == 0)
        {
            console.Line($"Run {run.Id} submitted nothing; there is nothing to cancel.");
            return ExitCodes.Success;
        }
        await using var backend = await found.CreateBackendAsync(cancellationToken);
        if (!backend.TasksOutliveTool)
        {
            if (!alive)
                console.Line($"Run {run.Id} has nothing running: {backend.Name} tasks end with the tool that started them.");
            return ExitCodes.Success;
        }
        // Every submission is tried, whatever happens to the others; those not stopped are named at the end.
        var notStopped = new List<string>();
        foreach (var submission in submissions)
        {
            try
            {
                await backend.CancelAsync(submission, cancellationToken);
                console.Line($"Cancelled {string.Join(", ", submission.JobIds)} on the {backend.Name} backend.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                notStopped.Add($"{string.Join(", ", submission.JobIds)}: {e.Message}");
            }
        }
        if (!alive)
        {
            // No tool will record this run's end: the journal says it was cancelled, so runs and status say so too.
            found.Journal.Save(run with { CancelledAt = DateTimeOffset.UtcNow });
            console.Line($"Finished points stay recorded in the run's store; run the rest with: dotnet experiment resume {run.Id}");
        }
        if (notStopped.Count > 0)
            throw new UserException($"The {backend.Name} backend could not cancel {notStopped.Count} of {submissions.Count} submission(s) of run {run.Id}:",
                [.. notStopped, $"Try again with: dotnet experiment cancel {run.Id}"], ExitCodes.BackendFailed);
        return ExitCodes.Success;
    }
}
