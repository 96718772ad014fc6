using System.Globalization;
using Experiments.Backends;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Control;

/// <summary>
/// <c>status [RUN]</c>: asks the backend once, in bulk, where a run's tasks are, and reads its store for what its points
/// did — from any terminal, while the run goes on or after the tool that started it has gone.
/// </summary>
public static class StatusHandler
{
    public static async Task<int> ShowAsync(ToolConsole console, string? project, string? runId, CancellationToken cancellationToken, bool watch = false)
    {
        var found = JournaledRun.Find(project, runId);
        var (journal, run, submissions) = found;
        var plan = journal.ReadPlan(run.Id);
        var manifest = journal.ReadManifest(run.Id);
        var alive = RunLiveness.IsAlive(run);
        if (submissions.Count == 0)
        {
            var planned = RunState.Of(run, alive);
            Describe(console, run, planned);
            if (planned.Next is not null)
                console.Line($"  next:   {planned.Next}");
            return 0;
        }
        await using var backend = await found.CreateBackendAsync(cancellationToken);
        if (watch)
            return await StatusWatch.WatchAsync(console, backend, submissions, plan, manifest, cancellationToken);
        var tasks = new Dictionary<TaskState, int>();
        var messages = new List<string>();
        var active = 0;
        foreach (var status in await backend.PollAllAsync(submissions, cancellationToken))
        {
            foreach (var (taskState, count) in status.Tasks)
                tasks[taskState] = tasks.GetValueOrDefault(taskState) + count;
            if (!status.Finished)
                active += status.Count(TaskState.Pending) + status.Count(TaskState.Running) + status.Count(TaskState.Held);
            if (!string.IsNullOrEmpty(status.Message))
                messages.Add(status.Message);
        }
        var ledger = PointLedger.For(plan, manifest);
        await RunStores.ReadAllAsync(backend, submissions, ledger, console.Warning, cancellationToken);
        var state = RunState.Of(run, alive, active, new RunPoints(ledger.Succeeded, ledger.Failed, ledger.Planned - ledger.Ended), anySubmitted: true);
        Describe(console, run, state);
        // Tasks the backend cannot tell about any more (local workers end with their tool) say nothing a person can use.
        if (tasks.Keys.Any(s => s != TaskState.Unknown))
        {
            var taskText = string.Join(", ", Enum.GetValues<TaskState>().Where(s => tasks.GetValueOrDefault(s) > 0)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{tasks[s]} {s.ToString().ToLowerInvariant()}")));
            console.Line($"  tasks:  {taskText}");
        }
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"  points: {ledger.Succeeded} succeeded, {ledger.Failed} failed, {ledger.Running} running, {ledger.Remaining} not started, of {ledger.Planned}"));
        console.Line($"  store:  {string.Join(", ", submissions.Select(s => s.Store).Distinct(StringComparer.Ordinal))}");
        console.Line($"  jobs:   {string.Join(", ", submissions.SelectMany(s => s.JobIds))}");
        // Where the points' files went once the run was recorded (collected home, or left in the store and why).
        foreach (var line in Artifacts.ArtifactCollection.Read(journal.DirectoryOf(run.Id)).SelectMany(Artifacts.ArtifactCollector.Describe))
            console.Line($"  files:  {line}");
        foreach (var message in messages.Distinct(StringComparer.Ordinal))
            console.Line($"  note:   {message}");
        if (state.Next is not null)
            console.Line($"  next:   {state.Next}");
        return 0;
    }

    private static void Describe(ToolConsole console, RunInfo run, RunState state) =>
        console.Line($"Run {run.Id} on the {run.Backend} backend: {state.Text}{(run.Message is null ? "" : $" — {run.Message}")}");
}
