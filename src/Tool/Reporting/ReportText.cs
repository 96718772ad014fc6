using System.Globalization;
using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>Sentences the HTML page and the markdown summary share, so both say the same thing.</summary>
public static class ReportText
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Commit(ResultsFileRun run) =>
        run.GitCommit is null ? "–" : $"{run.GitCommit[..Math.Min(12, run.GitCommit.Length)]}{(run.GitDirty == true ? " (dirty)" : "")}";

    public static string FailuresByKind(ExperimentAggregate a) =>
        $"{StatisticText.Count(a.Failed)} points failed: "
        + string.Join(", ", a.FailuresByKind.OrderByDescending(k => k.Value).Select(k => $"{StatisticText.Count(k.Value)} {k.Key}"))
        + ". Run the commands beside a failure in the project's folder: `logs` shows the output of the tasks that ran failed points, "
        + "`reproduce` runs the point again here and compares.";

    public static string AggregatesIntro(ExperimentReport report)
    {
        var a = report.Aggregate;
        var replicates = a.ReplicateAxes;
        var over = replicates.Count == 0
            ? "Each row is one point (the experiment has no replicate axis)."
            : $"Each row aggregates the succeeded points over {string.Join(" and ", replicates.Select(r => $"{r.Name} ({r.Count} values)"))}.";
        return $"{over} Bool fields: the rate of true with its Wilson 95 % interval; numbers: mean ± sample standard deviation; n counts the values. "
            + $"All {StatisticText.Count(report.Groups().Count())} rows are in {report.CsvFileName}.";
    }

    public static string NoFigureReason(ExperimentReport report) =>
        report.Aggregate.Figure.Kind == FigureKind.None
            ? "No figure: the experiment has no numeric axis with more than one value (give one with --x)."
            : report.Aggregate.Succeeded == 0
                ? "No figure: no point has succeeded yet."
                : "No figure: the results have no numeric or bool field to draw.";
}
