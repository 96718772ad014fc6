using System.Globalization;
using System.Net;
using System.Text;

namespace Experiments.Tool.Reporting;

/// <summary>
/// <c>index.html</c>: one self-contained page (styles and script inline, figures as data URIs) that opens offline,
/// from a CI artifact or an e-mail. Hovering a heatmap cell names it and its statistics.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Rows of the aggregates table on the page; the CSV beside it has them all.</summary>
    public const int MaxTableRows = 2000;

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1200px; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
        th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre { font-family: ui-monospace, monospace; font-size: .85rem; } pre { background: #f6f6f6; padding: .5rem; overflow-x: auto; }
        figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: #444; max-width: 900px; }
        .readout { font-family: ui-monospace, monospace; font-size: .85rem; min-height: 1.2em; color: #333; }
        .counts span { margin-right: 1.2rem; } .ok { color: #176617; } .bad { color: #b00020; } .muted { color: #777; }
        """;

    // Names the hovered cell under the figure. Plain DOM, no library: the page must work offline.
    private const string Script = """
        document.querySelectorAll('map[data-readout]').forEach(function (map) {
          var readout = document.getElementById(map.getAttribute('data-readout'));
          map.querySelectorAll('area').forEach(function (area) {
            area.addEventListener('mouseenter', function () { readout.textContent = area.getAttribute('title'); });
          });
        });
        """;

    public static void Write(IReadOnlyList<ExperimentReport> reports, string path)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{E(Title(reports))}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{E(Title(reports))}</h1>\n");
        html.Append($"<p class=\"muted\">Written by <code>dotnet experiment report</code> from {string.Join(", ", reports.Select(r => $"<code>{E(r.Aggregate.From)}</code>"))}.</p>\n");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var i = 0; i < reports.Count; i++)
            Section(html, reports[i], i, ReportArtifacts.Of(reports[i].Aggregate.ResultsPath, folder));
        html.Append($"<script>\n{Script}\n</script>\n</body>\n</html>\n");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    private static string Title(IReadOnlyList<ExperimentReport> reports) =>
        reports.Count == 1 ? $"Report: {reports[0].Aggregate.Experiment}" : $"Report: {reports.Count} experiments";

    private static void Section(StringBuilder html, ExperimentReport report, int index, ReportArtifacts? artifacts)
    {
        var a = report.Aggregate;
        html.Append($"<section id=\"{E(a.Experiment)}\">\n<h2>{E(a.Experiment)}</h2>\n");
        html.Append("<p class=\"counts\">");
        html.Append($"<span class=\"ok\">{StatisticText.Count(a.Succeeded)} succeeded</span>");
        html.Append($"<span class=\"{(a.Failed > 0 ? "bad" : "muted")}\">{StatisticText.Count(a.Failed)} failed</span>");
        if (a.Stale > 0)
            html.Append($"<span class=\"muted\">{StatisticText.Count(a.Stale)} stale (not in the grid any more; left out)</span>");
        html.Append($"<span class=\"muted\">axes: {E(string.Join(" × ", a.Axes.Select(x => $"{x.Name} ({x.Count})")))}</span></p>\n");

        if (report.Figure is { } figure)
        {
            var map = $"map-{index}";
            html.Append($"<figure>\n<img src=\"data:image/png;base64,{Convert.ToBase64String(figure.Png)}\" width=\"{figure.Width}\" height=\"{figure.Height}\" usemap=\"#{map}\" alt=\"{E(figure.Caption)}\">\n");
            html.Append($"<map name=\"{map}\" data-readout=\"{map}-readout\">\n");
            foreach (var cell in figure.Cells)
                html.Append(CultureInfo.InvariantCulture, $"<area shape=\"rect\" coords=\"{cell.Left},{cell.Top},{cell.Right},{cell.Bottom}\" title=\"{E(cell.Label)}\" alt=\"{E(cell.Label)}\">\n");
            html.Append($"</map>\n<div class=\"readout\" id=\"{map}-readout\"></div>\n<figcaption>{E(figure.Caption)}</figcaption>\n</figure>\n");
        }
        else
        {
            html.Append($"<p class=\"muted\">{E(ReportText.NoFigureReason(report))}</p>\n");
        }

        Provenance(html, a);
        Failures(html, report);
        Artifacts(html, artifacts);
        Aggregates(html, report);
        html.Append("</section>\n");
    }

    private static void Provenance(StringBuilder html, ExperimentAggregate a)
    {
        html.Append("<h3>Runs</h3>\n<table>\n<tr><th>run</th><th>started</th><th>ended</th><th>backend</th><th>package</th><th>commit</th><th>tool</th><th>message</th></tr>\n");
        foreach (var run in a.Header.Runs)
        {
            html.Append($"<tr><td><code>{E(run.Id)}</code></td><td>{E(ReportText.Time(run.StartedAt))}</td><td>{E(run.EndedAt is { } end ? ReportText.Time(end) : "not ended")}</td>");
            html.Append($"<td>{E(run.Backend)}</td><td><code>{E(run.PackageId ?? "–")}</code></td><td><code>{E(ReportText.Commit(run))}</code></td>");
            html.Append($"<td>{E(run.ToolVersion)}</td><td>{E(run.Message ?? "")}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Artifacts(StringBuilder html, ReportArtifacts? artifacts)
    {
        if (artifacts is null)
            return;
        html.Append($"<h3>Artifacts</h3>\n<p>{E(artifacts.Summary)}</p>\n<table>\n<tr><th>point</th><th>files</th></tr>\n");
        foreach (var (point, files) in artifacts.Points)
        {
            var links = files.Select(f => $"<a href=\"{E(ReportArtifacts.UrlPath(f.Link))}\">{E(f.Name)}</a>");
            html.Append($"<tr><td><code>{E(point)}</code></td><td>{string.Join(" ", links)}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Failures(StringBuilder html, ExperimentReport report)
    {
        var a = report.Aggregate;
        if (a.Failed == 0)
            return;
        html.Append($"<h3>Failures</h3>\n<p>{E(ReportText.FailuresByKind(a))}");
        if (a.Failed > a.Failures.Count)
            html.Append($" The first {a.Failures.Count} are listed.");
        html.Append("</p>\n<table>\n<tr><th>key</th><th>error</th><th>message</th><th>attempts</th><th>look into it</th></tr>\n");
        foreach (var failure in a.Failures)
        {
            html.Append($"<tr><td><code>{E(failure.Key)}</code></td><td>{E(failure.Kind)}</td><td>{E(failure.Message)}</td><td class=\"n\">{failure.Attempts}</td>");
            html.Append($"<td>{string.Join("<br>", report.FailureCommands(failure).Select(c => $"<code>{E(c)}</code>"))}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Aggregates(StringBuilder html, ExperimentReport report)
    {
        var a = report.Aggregate;
        var table = a.Table;
        var fields = a.Fields.All;
        html.Append($"<h3>Aggregates</h3>\n<p>{E(ReportText.AggregatesIntro(report))}</p>\n");
        if (fields.Count == 0 && a.Succeeded > 0)
            html.Append("<p class=\"muted\">The results have no numeric or bool fields to aggregate.</p>\n");
        html.Append("<table>\n<tr>");
        foreach (var axis in table.Axes)
            html.Append($"<th>{E(axis.Name)}</th>");
        html.Append("<th>succeeded</th><th>failed</th>");
        foreach (var field in fields)
            html.Append($"<th>{E(field.Name)}{(field.Kind == FieldKind.Bool ? " (rate, 95 % CI)" : " (mean ± sd)")}</th>");
        html.Append("</tr>\n");
        var rows = 0;
        foreach (var group in report.Groups())
        {
            if (++rows > MaxTableRows)
                break;
            html.Append("<tr>");
            for (var i = 0; i < table.Axes.Count; i++)
                html.Append($"<td>{E(table.Axes[i].Labels[table.ValueIndex(group, i)])}</td>");
            html.Append($"<td class=\"n\">{table.Succeeded[group]}</td><td class=\"n\">{table.Failed[group]}</td>");
            foreach (var field in fields)
                html.Append($"<td class=\"n\">{E(StatisticText.Of(field, table.Statistic(field, group)))}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (rows > MaxTableRows)
            html.Append($"<p class=\"muted\">The first {MaxTableRows} groups are shown; all are in <code>{E(report.CsvFileName)}</code>.</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
