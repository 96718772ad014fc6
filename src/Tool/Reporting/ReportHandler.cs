using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Reporting;

/// <summary>
/// <c>report</c>: for each results file, one pass over its points into counts, failures and aggregates; the default
/// (or requested) figure drawn; then the report folder written — by default <c>report/</c> beside the results file.
/// Needs no build: it reads the results files only.
/// </summary>
public static class ReportHandler
{
    public static async Task<int> WriteAsync(ToolConsole console, ReportOptions options, string currentDirectory, CancellationToken cancellationToken)
    {
        if (options.Run is not { } runId)
            return Write(console, options, currentDirectory);
        var project = Projects.ProjectLocator.Locate(options.Project, currentDirectory);
        var projectDirectory = Path.GetDirectoryName(project)!;
        var outcomes = await RunOutcomes.ReadAsync(projectDirectory, runId, "report --run", cancellationToken);
        var reports = RunReports.Build(projectDirectory, outcomes, options).ToArray();
        var folder = options.Output ?? Path.Combine(new Journal.RunJournal(projectDirectory).DirectoryOf(outcomes.Run.Id), "report");
        return Write(console, options with { Output = folder }, currentDirectory, reports);
    }

    public static int Write(ToolConsole console, ReportOptions options, string currentDirectory)
    {
        var root = ResultsFileLocator.SearchRoot(options.Project, currentDirectory);
        var files = ResultsFileLocator.Locate(root, options.Experiments);
        return Write(console, options, currentDirectory, files.Select(f => Build(f, root, options)).ToArray());
    }

    private static int Write(ToolConsole console, ReportOptions options, string currentDirectory, ExperimentReport[] reports)
    {
        var byFolder = options.Output is { } output
            ? [(Path.GetFullPath(output, currentDirectory), reports)]
            : reports.GroupBy(r => Path.Combine(Path.GetDirectoryName(r.Aggregate.ResultsPath)!, "report")).Select(g => (g.Key, g.ToArray())).ToArray();
        foreach (var (folder, inFolder) in byFolder)
        {
            var written = WriteFolder(folder, inFolder, options.Formats);
            var points = inFolder.Sum(r => r.Aggregate.Succeeded + r.Aggregate.Failed);
            console.Line($"Report of {string.Join(", ", inFolder.Select(r => r.Aggregate.Experiment))} ({StatisticText.Count(points)} points) in {Path.GetRelativePath(currentDirectory, folder)}:");
            foreach (var file in written)
                console.Line($"  {Path.GetRelativePath(currentDirectory, file)}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Reads one results file and draws its figure; public so a benchmark can time exactly this.</summary>
    public static ExperimentReport Build(string path, string root, ReportOptions options)
    {
        var display = Path.GetRelativePath(root, path);
        try
        {
            using var source = ResultsSource.Open(path, display);
            return Build(source, options);
        }
        catch (ResultsFileFormatException e)
        {
            throw new UserException($"The results file {e.Message}", ["Fix the file (a merge conflict or a hand edit?), or restore it with git, and run again."]);
        }
    }

    /// <summary>Aggregates a source's points and draws its figure.</summary>
    public static ExperimentReport Build(ResultsSource source, ReportOptions options)
    {
        var aggregate = ResultsAggregator.Aggregate(source, options.Figure);
        var metric = MetricChoice.Choose(aggregate, options.Figure.Metric);
        FigureImage? figure = null;
        if (metric is not null && aggregate.Succeeded > 0)
        {
            figure = aggregate.Figure.Kind switch
            {
                FigureKind.Heatmap => HeatmapFigure.Render(aggregate, metric, options.Figure.Contour),
                FigureKind.Lines => LinePlotFigure.Render(aggregate, metric),
                _ => null,
            };
        }
        return new ExperimentReport(aggregate, metric, figure);
    }

    private static List<string> WriteFolder(string folder, IReadOnlyList<ExperimentReport> reports, ReportFormats formats)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        // The markdown links its figures, so it brings them.
        if ((formats & (ReportFormats.Png | ReportFormats.Markdown)) != 0)
        {
            foreach (var figure in reports.Select(r => r.Figure).OfType<FigureImage>())
            {
                var path = Path.Combine(folder, figure.FileName);
                File.WriteAllBytes(path, figure.Png);
                written.Add(path);
            }
        }
        if ((formats & (ReportFormats.Html | ReportFormats.Markdown)) != 0)
        {
            foreach (var report in reports)
            {
                var path = Path.Combine(folder, report.CsvFileName);
                AggregatesCsvWriter.Write(report, path);
                written.Add(path);
            }
        }
        if (formats.HasFlag(ReportFormats.Html))
        {
            var path = Path.Combine(folder, "index.html");
            HtmlReportWriter.Write(reports, path);
            written.Add(path);
        }
        if (formats.HasFlag(ReportFormats.Markdown))
        {
            var path = Path.Combine(folder, "README.md");
            MarkdownReportWriter.Write(reports, path, withFigures: true);
            written.Add(path);
        }
        return written;
    }
}
