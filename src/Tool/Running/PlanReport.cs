using System.Globalization;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Output;
using Experiments.Tool.Progress;
using Spectre.Console;

namespace Experiments.Tool.Running;

/// <summary>What <c>run --dry-run</c> prints: per experiment the points, tasks, array jobs and an estimate of the time.</summary>
public static class PlanReport
{
    public static void Print(
        ToolConsole console,
        RunPlan plan,
        IExperimentBackend backend,
        int? concurrency,
        IReadOnlyDictionary<string, TimeSpan?> typicalDurations)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Experiment")
            .AddColumn(new TableColumn("Points").RightAligned())
            .AddColumn(new TableColumn("Tasks").RightAligned())
            .AddColumn(new TableColumn("Points/task").RightAligned())
            .AddColumn(new TableColumn("Arrays").RightAligned())
            .AddColumn("Estimated point time");

        var totalWork = TimeSpan.Zero;
        var allEstimated = true;
        var arraysTotal = 0;
        for (var e = 0; e < plan.Experiments.Count; e++)
        {
            var experiment = plan.Experiments[e];
            var tasks = plan.Tasks.Where(t => t.Experiment == e).ToArray();
            var points = tasks.Sum(t => (long)t.Points.Length);
            var arrays = backend.Limits.SupportsArrays ? ArrayChunker.Chunk(tasks.Length, backend.Limits.MaxArraySize).Count : 0;
            arraysTotal += arrays;
            string estimate;
            if (typicalDurations.GetValueOrDefault(experiment.Name) is { } typical)
            {
                var work = typical * points;
                totalWork += work;
                estimate = $"{ProgressSnapshot.FormatDuration(work)} ({FormatSeconds(typical)} per point, from recorded results)";
            }
            else
            {
                allEstimated = false;
                estimate = "unknown (no recorded durations)";
            }
            table.AddRow(
                Markup.Escape(experiment.Name),
                points.ToString(CultureInfo.InvariantCulture),
                tasks.Length.ToString(CultureInfo.InvariantCulture),
                tasks.Length == 0 ? "0" : FormatPerTask(tasks),
                backend.Limits.SupportsArrays ? arrays.ToString(CultureInfo.InvariantCulture) : "—",
                Markup.Escape(estimate));
        }

        console.Line($"Plan for {plan.PointCount} point{(plan.PointCount == 1 ? "" : "s")} in {plan.Tasks.Count} task{(plan.Tasks.Count == 1 ? "" : "s")} on the {backend.Name} backend{(concurrency is { } n ? $" ({n} at a time)" : "")}:");
        console.Table(table);
        if (backend.Limits.SupportsArrays)
            console.Line($"Array jobs: {arraysTotal} (at most {backend.Limits.MaxArraySize} tasks each).");
        if (totalWork > TimeSpan.Zero)
        {
            var wall = concurrency is { } c ? $"; about {ProgressSnapshot.FormatDuration(totalWork / c)} with {c} at a time" : "";
            console.Line($"Estimated time: {ProgressSnapshot.FormatDuration(totalWork)} of point time{(allEstimated ? "" : " for the experiments with recorded durations")}{wall}.");
        }
        else
        {
            console.Line("Estimated time: unknown; no recorded durations yet.");
        }
        console.Line("Dry run: nothing was submitted.");
    }

    private static string FormatPerTask(PlannedTask[] tasks)
    {
        var min = tasks.Min(t => t.Points.Length);
        var max = tasks.Max(t => t.Points.Length);
        return min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min}–{max}";
    }

    private static string FormatSeconds(TimeSpan t) =>
        t.TotalSeconds >= 1 ? FormattableString.Invariant($"{t.TotalSeconds:0.#} s") : FormattableString.Invariant($"{t.TotalMilliseconds:0.#} ms");
}
