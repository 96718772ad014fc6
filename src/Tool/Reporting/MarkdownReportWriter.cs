using System.Text;

namespace Experiments.Tool.Reporting;

/// <summary>
/// <c>README.md</c>: the report as markdown that renders on GitHub and in a pull-request comment — counts, the figure
/// (a relative link to its PNG), failures with the commands to run, and the first rows of the aggregates.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>Rows of the aggregates table in the summary; the CSV has them all.</summary>
    public const int MaxTableRows = 60;

    private const int MaxFailuresShown = 20;

    public static void Write(IReadOnlyList<ExperimentReport> reports, string path, bool withFigures)
    {
        var md = new StringBuilder();
        md.Append(reports.Count == 1 ? $"# Report: {reports[0].Aggregate.Experiment}\n" : $"# Report: {reports.Count} experiments\n");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var report in reports)
        {
            Section(md, report, reports.Count > 1, withFigures);
            Artifacts(md, ReportArtifacts.Of(report.Aggregate.ResultsPath, folder));
        }
        File.WriteAllText(path, md.ToString(), new UTF8Encoding(false));
    }

    private static void Section(StringBuilder md, ExperimentReport report, bool heading, bool withFigures)
    {
        var a = report.Aggregate;
        if (heading)
            md.Append($"\n## {a.Experiment}\n");
        md.Append($"\nFrom `{a.From}`: **{StatisticText.Count(a.Succeeded)} succeeded**, **{StatisticText.Count(a.Failed)} failed**");
        md.Append(a.Stale > 0 ? $", {StatisticText.Count(a.Stale)} stale (left out)" : "");
        md.Append($"; axes {string.Join(" × ", a.Axes.Select(x => $"{x.Name} ({x.Count})"))}.\n");

        if (report.Figure is { } figure && withFigures)
            md.Append($"\n![{Cell(figure.Caption)}]({figure.FileName})\n\n{figure.Caption}\n");
        else if (report.Figure is null)
            md.Append($"\n{ReportText.NoFigureReason(report)}\n");

        md.Append("\n| run | started | backend | package | commit | message |\n|---|---|---|---|---|---|\n");
        foreach (var run in a.Header.Runs)
            md.Append($"| `{run.Id}` | {ReportText.Time(run.StartedAt)} | {run.Backend} | `{run.PackageId ?? "–"}` | `{ReportText.Commit(run)}` | {Cell(run.Message ?? "")} |\n");

        if (a.Failed > 0)
        {
            md.Append($"\n{ReportText.FailuresByKind(a)}\n\n| key | error | message | attempts |\n|---|---|---|---:|\n");
            foreach (var failure in a.Failures.Take(MaxFailuresShown))
                md.Append($"| `{failure.Key}` | {failure.Kind} | {Cell(failure.Message)} | {failure.Attempts} |\n");
            md.Append("\n```bash\n");
            foreach (var failure in a.Failures.Take(3))
                md.Append(string.Join("\n", report.FailureCommands(failure))).Append('\n');
            md.Append("```\n");
        }

        var table = a.Table;
        var fields = a.Fields.All;
        md.Append($"\n{ReportText.AggregatesIntro(report)}\n\n| ");
        md.Append(string.Join(" | ", table.Axes.Select(x => x.Name).Concat(["succeeded", "failed"]).Concat(fields.Select(f => f.Name))));
        md.Append(" |\n|");
        md.Append(string.Concat(Enumerable.Repeat("---|", table.Axes.Count)));
        md.Append(string.Concat(Enumerable.Repeat("---:|", 2 + fields.Count)));
        md.Append('\n');
        foreach (var group in report.Groups().Take(MaxTableRows))
        {
            var cells = Enumerable.Range(0, table.Axes.Count).Select(i => table.Axes[i].Labels[table.ValueIndex(group, i)])
                .Concat([table.Succeeded[group].ToString(), table.Failed[group].ToString()])
                .Concat(fields.Select(f => StatisticText.Of(f, table.Statistic(f, group))));
            md.Append("| ").Append(string.Join(" | ", cells.Select(Cell))).Append(" |\n");
        }
        var total = report.Groups().Count();
        if (total > MaxTableRows)
            md.Append($"\nThe first {MaxTableRows} of {StatisticText.Count(total)} rows; all are in [{report.CsvFileName}]({report.CsvFileName}).\n");
    }

    private static void Artifacts(StringBuilder md, ReportArtifacts? artifacts)
    {
        if (artifacts is null)
            return;
        md.Append($"\n**Artifacts**: {artifacts.Summary}\n\n| point | files |\n|---|---|\n");
        foreach (var (point, files) in artifacts.Points)
            md.Append($"| `{Cell(point)}` | {string.Join(", ", files.Select(f => $"[{Cell(f.Name)}]({ReportArtifacts.UrlPath(f.Link)})"))} |\n");
    }

    /// <summary>A table cell on one line, with pipes escaped.</summary>
    private static string Cell(string text) => text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|");
}
