using System.Globalization;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Control;

/// <summary>
/// <c>logs [RUN]</c>: asks the run's backend where its tasks' stdout and stderr went, and prints the last lines of those
/// it can fetch. Without <c>--task</c>, the tasks that ran failed points are shown (the ones worth reading), else all.
/// </summary>
public static class LogsHandler
{
    public const int DefaultTail = 40;

    /// <summary>How many tasks are shown when none were asked for; the rest are counted.</summary>
    private const int MaxDefaultTasks = 20;

    public static async Task<int> ShowAsync(
        ToolConsole console, string? project, string? runId, IReadOnlyList<int> tasks, int tail, CancellationToken cancellationToken)
    {
        if (tail < 0)
            throw new Errors.UserException($"--tail must be 0 or more, not {tail}.");
        var found = JournaledRun.Find(project, runId);
        var (journal, run, submissions) = found;
        var plan = journal.ReadPlan(run.Id);
        foreach (var task in tasks)
        {
            if (task < 0 || task >= plan.Tasks.Count)
                throw new Errors.UserException($"Run {run.Id} has tasks 0–{plan.Tasks.Count - 1}; there is no task {task}.");
        }
        if (submissions.Count == 0)
        {
            console.Line($"Run {run.Id} submitted nothing, so no task wrote any output.");
            return 0;
        }

        await using var backend = await found.CreateBackendAsync(cancellationToken);
        var chosen = tasks.Count > 0 ? tasks.Distinct().Order().ToArray() : await DefaultTasksAsync(backend, submissions, plan, journal, run.Id, console, cancellationToken);
        var shown = 0;
        foreach (var submission in submissions)
        {
            var own = chosen.Intersect(submission.Tasks).Order().ToArray();
            if (own.Length == 0)
                continue;
            var logs = await backend.FindLogsAsync(submission, own, cancellationToken);
            foreach (var log in logs.OrderBy(l => l.Task))
            {
                shown++;
                var experiment = plan.ExperimentOf(log.Task).Name;
                console.Line(string.Create(CultureInfo.InvariantCulture, $"task {log.Task} ({experiment}): {log.Where}"));
                if (log.Text is { } text && tail > 0)
                {
                    foreach (var line in LastLines(text, tail))
                        console.Line("  " + line);
                }
            }
        }
        if (shown == 0)
            console.Line($"The {run.Backend} backend keeps no task output for {(chosen.Length == 1 ? $"task {chosen[0]}" : "these tasks")} (local workers' stderr is shown when a point fails).");
        return 0;
    }

    private static async Task<int[]> DefaultTasksAsync(
        IExperimentBackend backend, IReadOnlyList<Submission> submissions, RunPlan plan, Journal.RunJournal journal, string runId, ToolConsole console, CancellationToken cancellationToken)
    {
        var ledger = PointLedger.For(plan, journal.ReadManifest(runId));
        await RunStores.ReadAllAsync(backend, submissions, ledger, console.Warning, cancellationToken);
        var failed = ledger.Outcomes()
            .Where(o => o.Record.Status == PointStatus.Failed)
            .Select(o => (o.Record.Experiment, o.Record.Index))
            .ToHashSet();
        var all = submissions.SelectMany(s => s.Tasks).Distinct().Order().ToArray();
        var withFailures = failed.Count == 0
            ? []
            : all.Where(t => plan.Tasks[t].Points.Any(p => failed.Contains((plan.ExperimentOf(t).Name, p)))).ToArray();
        var chosen = withFailures.Length > 0 ? withFailures : all;
        if (chosen.Length > MaxDefaultTasks)
        {
            console.Line(string.Create(CultureInfo.InvariantCulture,
                $"Showing {MaxDefaultTasks} of {chosen.Length} tasks{(withFailures.Length > 0 ? " with failed points" : "")}; pick others with --task N."));
            chosen = chosen[..MaxDefaultTasks];
        }
        else if (withFailures.Length > 0)
        {
            console.Line(string.Create(CultureInfo.InvariantCulture, $"Tasks with failed points: {string.Join(", ", withFailures)}."));
        }
        return chosen;
    }

    private static IEnumerable<string> LastLines(string text, int count)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        return lines.Length <= count ? lines : [$"… ({lines.Length - count} earlier lines)", .. lines[^count..]];
    }
}
