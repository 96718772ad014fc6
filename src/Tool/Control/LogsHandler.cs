using System.Globalization;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Control;

/// <summary>
/// <c>logs [RUN] [--point KEY]… [--task N]…</c>: what points printed (stdout, stderr, <c>context.Log</c>), each section
/// labelled with its point key, cut out of the task output the run's backend fetches (local worker logs, Slurm
/// <c>.out</c>/<c>.err</c>, the end of a CloudWatch Logs stream, an Azure Batch task's files, Cloud Logging entries) by
/// the markers the worker writes around every attempt. The worker protocol never shows. Without <c>--point</c> or
/// <c>--task</c>, only the points that failed are shown: the ones worth reading. When a backend cannot read the text
/// (the service refused or no longer keeps it), the location is printed instead.
/// </summary>
public static class LogsHandler
{
    public const int DefaultTail = 40;

    /// <summary>How many failed points are shown when none were asked for; the rest are counted.</summary>
    private const int MaxDefaultPoints = 20;

    public static async Task<int> ShowAsync(
        ToolConsole console, string? project, string? runId, IReadOnlyList<string> points, IReadOnlyList<int> tasks, int tail,
        CancellationToken cancellationToken)
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
            console.Line($"Run {run.Id} submitted nothing, so no point printed anything.");
            return 0;
        }

        await using var backend = await found.CreateBackendAsync(cancellationToken);
        var ledger = PointLedger.For(plan, journal.ReadManifest(run.Id));
        await RunStores.ReadAllAsync(backend, submissions, ledger, console.Warning, cancellationToken);
        var outcomes = ledger.Outcomes().Select(o => o.Record).ToArray();
        var submitted = submissions.SelectMany(s => s.Tasks).ToHashSet();

        // Which points to show, and the tasks whose output holds them.
        var wholeTasks = tasks.ToHashSet();
        var wantedKeys = points.ToHashSet(StringComparer.Ordinal);
        var wantedPoints = new HashSet<(string Experiment, string Key)>();
        var taskSet = new HashSet<int>(tasks);
        if (points.Count > 0)
        {
            var recorded = outcomes.Where(r => wantedKeys.Contains(r.Key)).ToArray();
            taskSet.UnionWith(recorded.Select(r => r.Task));
            if (points.Any(k => recorded.All(r => r.Key != k)))
                taskSet.UnionWith(submitted); // a point without a final record (still running, or its worker died): search every task
        }
        else if (tasks.Count == 0)
        {
            var failed = outcomes.Where(r => r.Status == PointStatus.Failed)
                .OrderBy(r => r.Experiment, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
            if (failed.Length == 0)
            {
                console.Line($"No point of run {run.Id} failed, so there is nothing to show by default; " +
                             "pick a point with --point KEY or a task with --task N.");
                return 0;
            }
            if (failed.Length > MaxDefaultPoints)
                console.Line(string.Create(CultureInfo.InvariantCulture,
                    $"Showing {MaxDefaultPoints} of {failed.Length} failed points; pick others with --point KEY."));
            else
                console.Line($"Failed points: {string.Join(", ", failed.Select(r => $"{r.Key} ({r.Experiment})"))}.");
            failed = failed[..Math.Min(failed.Length, MaxDefaultPoints)];
            wantedPoints.UnionWith(failed.Select(r => (r.Experiment, r.Key)));
            taskSet.UnionWith(failed.Select(r => r.Task));
        }
        bool Wanted(PointOutput p) =>
            wholeTasks.Contains(p.Task) || wantedKeys.Contains(p.Key) || wantedPoints.Contains((p.Experiment, p.Key));

        var chosen = taskSet.Where(submitted.Contains).Order().ToArray();
        var shownKeys = new HashSet<string>(StringComparer.Ordinal);
        var locations = 0;
        foreach (var submission in submissions)
        {
            var own = chosen.Intersect(submission.Tasks).Order().ToArray();
            if (own.Length == 0)
                continue;
            var logs = await backend.FindLogsAsync(submission, own, cancellationToken);
            foreach (var log in logs.OrderBy(l => l.Task))
            {
                if (log.Text is not { } text)
                {
                    // The text could not be read (refused, expired): say where it went.
                    locations++;
                    console.Line(string.Create(CultureInfo.InvariantCulture, $"task {log.Task} ({plan.ExperimentOf(log.Task).Name}): {log.Where}"));
                    continue;
                }
                var split = PointOutputSections.Of(text);
                foreach (var point in split.Points.Where(p => p.Task == log.Task && Wanted(p)))
                {
                    shownKeys.Add(point.Key);
                    var ending = point.Status ?? "no end recorded: the worker stopped inside it";
                    console.Line(string.Create(CultureInfo.InvariantCulture,
                        $"point {point.Key} ({point.Experiment}, task {point.Task}, attempt {point.Attempt}, {ending}) in {log.Where}:"));
                    PrintLines(console, point.Lines, tail);
                }
                if (split.Points.Count == 0 && split.Outside.Count > 0 && wholeTasks.Contains(log.Task))
                {
                    // The worker never reached a point (it could not start, or the plan was refused): its own lines tell why.
                    console.Line(string.Create(CultureInfo.InvariantCulture, $"task {log.Task}, outside any point, in {log.Where}:"));
                    PrintLines(console, split.Outside, tail);
                }
            }
        }

        var missing = points.Where(k => !shownKeys.Contains(k)).ToArray();
        if (missing.Length > 0 && locations == 0)
        {
            var known = outcomes.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal).Take(5).ToArray();
            console.Line($"No output of point {string.Join(", ", missing)} found in run {run.Id}" +
                         (known.Length > 0 ? $" (its recorded points include {string.Join(", ", known)})." : "."));
        }
        else if (shownKeys.Count == 0 && locations == 0 && missing.Length == 0)
        {
            console.Line($"The {run.Backend} backend kept no output of these points.");
        }
        return 0;
    }

    private static void PrintLines(ToolConsole console, IReadOnlyList<string> lines, int tail)
    {
        if (tail == 0)
            return;
        if (lines.Count == 0)
        {
            console.Line("  (printed nothing)");
            return;
        }
        if (lines.Count > tail)
            console.Line(string.Create(CultureInfo.InvariantCulture, $"  … ({lines.Count - tail} earlier lines)"));
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - tail)))
            console.Line("  " + line);
    }
}
