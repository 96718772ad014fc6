using System.Text.RegularExpressions;
using Experiments.TestSupport;
using Experiments.Tool.Errors;
using Experiments.Tool.Reporting;
using Experiments.Tool.Tests.Support;
using SkiaSharp;
using static Experiments.Tool.Tests.Reporting.ResultsFileText;

namespace Experiments.Tool.Tests.Reporting;

/// <summary>
/// <c>report</c> on results files written as a user's are: what the tables say, which figure is drawn, which files
/// land in the report folder and what a user sees in them.
/// </summary>
public class ReportTests
{
    private static readonly Axis[] StudyAxes =
    [
        new("a", "int", "grid", 1, 2, 3),
        new("b", "double", "grid", 0.5, 1.5),
        new("mode", "Lab.Mode", "all", "Fast", "Slow"),
        new("replicate", "int", "replicates", 0, 1, 2, 3),
    ];

    /// <summary>
    /// 3 × 2 × 2 × 4 points: <c>converged</c> is true for a ≤ 2; <c>error</c> = a·b + replicate/10. One point failed
    /// (a=2, b=1.5, Slow, replicate 3) and one stale point (a=4) is still in the file.
    /// </summary>
    private static string StudyFile()
    {
        var points = new List<Point>();
        foreach (var a in new[] { 1, 2, 3 })
        foreach (var b in new[] { 0.5, 1.5 })
        foreach (var mode in new[] { "Fast", "Slow" })
        foreach (var r in new[] { 0, 1, 2, 3 })
        {
            var parameters = Parameters(("a", a), ("b", b), ("mode", mode), ("replicate", r));
            points.Add(a == 2 && b == 1.5 && mode == "Slow" && r == 3
                ? new Point(parameters, null, "timeout", "the point ran past its 00:00:01 timeout", Attempts: 2)
                : new Point(parameters, new { converged = a <= 2, error = a * b + r / 10.0 }));
        }
        points.Add(new Point(Parameters(("a", 4), ("b", 0.5), ("mode", "Fast"), ("replicate", 0)), new { converged = false, error = 99.0 }, Stale: true));
        return Build("Lab.Study.Run", StudyAxes, points);
    }

    private static string WriteStudy(TempDirectory temp, string text)
    {
        var path = temp.Combine("Study.Run.results.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static ReportOptions Options(string? output = null, FigureRequest? figure = null, params string[] names) =>
        new(null, names, output, figure ?? new FigureRequest(), ReportFormats.All);

    [Theory]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(20, 20, 0.8389, 1.0)]
    [InlineData(10, 20, 0.2993, 0.7007)]
    public void The_Wilson_interval_stays_inside_0_to_1_and_matches_the_textbook_values(int successes, int trials, double low, double high)
    {
        var (l, h) = WilsonInterval.Of(successes, trials);

        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Aggregates_group_by_every_axis_but_the_replicates_and_leave_failed_and_stale_points_out_of_the_statistics()
    {
        using var temp = new TempDirectory("report");
        var path = WriteStudy(temp, StudyFile());

        var report = ReportHandler.Build(path, temp.Path, Options());
        var a = report.Aggregate;

        Assert.Equal((47L, 1L, 1L), (a.Succeeded, a.Failed, a.Stale));
        Assert.Equal(["a", "b", "mode"], a.Table.Axes.Select(x => x.Name));
        var error = a.Fields.Find("error")!;
        var converged = a.Fields.Find("converged")!;
        Assert.Equal(FieldKind.Number, error.Kind);
        Assert.Equal(FieldKind.Bool, converged.Kind);

        var first = a.Table.GroupAt(0, 0, 0); // a=1, b=0.5, Fast: errors 0.5, 0.6, 0.7, 0.8
        Assert.Equal(4, a.Table.Statistic(error, first).Count);
        Assert.Equal(0.65, a.Table.Statistic(error, first).Mean, 12);
        Assert.Equal(0.1290994, a.Table.Statistic(error, first).StandardDeviation, 6);
        Assert.Equal(1.0, a.Table.Statistic(converged, first).Mean);

        var withFailure = a.Table.GroupAt(1, 1, 1); // a=2, b=1.5, Slow
        Assert.Equal((3, 1), (a.Table.Succeeded[withFailure], a.Table.Failed[withFailure]));
        Assert.Equal(3, a.Table.Statistic(error, withFailure).Count);
        Assert.Equal(0.0, a.Table.Statistic(converged, a.Table.GroupAt(2, 0, 0)).Mean); // a=3 never converges

        var failure = Assert.Single(a.Failures);
        Assert.Equal(("a=2;b=1.5;mode=Slow;replicate=3", "timeout", 2), (failure.Key, failure.Kind, failure.Attempts));
        Assert.Equal(1, a.FailuresByKind["timeout"]);
    }

    [Fact]
    public void By_default_two_numeric_axes_make_a_heatmap_faceted_by_the_small_categorical_axis_of_the_first_bool_field()
    {
        using var temp = new TempDirectory("report");
        var report = ReportHandler.Build(WriteStudy(temp, StudyFile()), temp.Path, Options());

        var figure = report.Aggregate.Figure;
        Assert.Equal(FigureKind.Heatmap, figure.Kind);
        Assert.Equal(("a", "b", "mode"), (figure.X!.Name, figure.Y!.Name, figure.Facet!.Name));
        Assert.Equal(["replicate"], figure.Averaged.Select(x => x.Name));
        Assert.Equal("converged", report.Metric!.Name);
        Assert.NotNull(report.Figure);
        // One hover cell per (a, b, mode) with points; the failed point's cell says so.
        Assert.Equal(12, report.Figure!.Cells.Count);
        Assert.Contains(report.Figure.Cells, c => c.Label.StartsWith("mode=Slow, a=2, b=1.5: converged 1 (3/3", StringComparison.Ordinal) && c.Label.EndsWith("; 1 failed", StringComparison.Ordinal));
    }

    [Fact]
    public void One_numeric_axis_makes_a_line_plot_with_one_line_per_category()
    {
        using var temp = new TempDirectory("report");
        var axes = new Axis[] { new("size", "int", "grid", 10, 20, 40), new("solver", "string", "grid", "cg", "lu"), new("replicate", "int", "replicates", 0, 1, 2) };
        var points = from size in new[] { 10, 20, 40 }
                     from solver in new[] { "cg", "lu" }
                     from r in new[] { 0, 1, 2 }
                     select new Point(Parameters(("size", size), ("solver", solver), ("replicate", r)), new { seconds = size * (solver == "cg" ? 0.5 : 1.0) + r });
        var path = temp.Combine("Solvers.Time.results.json");
        File.WriteAllText(path, Build("Lab.Solvers.Time", axes, points));

        var report = ReportHandler.Build(path, temp.Path, Options());

        Assert.Equal(FigureKind.Lines, report.Aggregate.Figure.Kind);
        Assert.Equal(("size", "solver"), (report.Aggregate.Figure.X!.Name, report.Aggregate.Figure.Facet!.Name));
        Assert.Equal("seconds", report.Metric!.Name);
        Assert.Equal(6, report.Figure!.Cells.Count);
        Assert.Contains(report.Figure.Cells, c => c.Label == "solver=lu, size=40: seconds 41 ± 1 (n=3)");
        using var bitmap = SKBitmap.Decode(report.Figure.Png);
        Assert.Equal((report.Figure.Width, report.Figure.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void The_report_folder_beside_the_results_file_holds_a_self_contained_page_a_markdown_summary_the_figure_and_the_table()
    {
        using var temp = new TempDirectory("report");
        WriteStudy(temp, StudyFile());
        var console = new TestConsole();

        var exit = ReportHandler.Write(console.Console, Options(names: "Run"), temp.Path);

        Assert.Equal(0, exit);
        var folder = temp.Combine("report");
        Assert.Equal(["README.md", "Study.Run.aggregates.csv", "Study.Run.converged.png", "index.html"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Report of Lab.Study.Run (48 points) in report:", console.Output);

        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), html); // nothing to fetch: opens offline
        Assert.Contains("<code>a=2;b=1.5;mode=Slow;replicate=3</code>", html);
        Assert.Contains("dotnet experiment reproduce Lab.Study.Run --point &#39;a=2;b=1.5;mode=Slow;replicate=3&#39;", html);
        Assert.Contains("1 stale", html);
        Assert.Contains("<code>feedfacecafebeef</code>", html);

        var markdown = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("](Study.Run.converged.png)", markdown);
        Assert.Contains("**47 succeeded**, **1 failed**, 1 stale (left out)", markdown);
        Assert.Contains("| 1 | 0.5 | Fast | 4 | 0 | 1 (4/4, 95 % CI 0.5101–1) | 0.65 ± 0.1291 (n=4) |", markdown);
        Assert.Contains("| `a=2;b=1.5;mode=Slow;replicate=3` | timeout | System.InvalidOperationException: the point ran past its 00:00:01 timeout | 2 |", markdown);

        var csv = File.ReadAllLines(Path.Combine(folder, "Study.Run.aggregates.csv"));
        Assert.Equal("a,b,mode,succeeded,failed,converged.n,converged.rate,converged.low95,converged.high95,error.n,error.mean,error.sd", csv[0]);
        Assert.Equal(13, csv.Length);
    }

    [Fact]
    public void Asking_for_what_the_experiment_does_not_have_names_what_it_has()
    {
        using var temp = new TempDirectory("report");
        var path = WriteStudy(temp, StudyFile());

        var noAxis = Assert.Throws<UserException>(() => ReportHandler.Build(path, temp.Path, Options(figure: new FigureRequest(X: "A"))));
        Assert.Equal("--x 'A' is not an axis of Lab.Study.Run. Axis names are case-sensitive; did you mean 'a'? Valid: a, b, mode.", noAxis.Message);
        var replicate = Assert.Throws<UserException>(() => ReportHandler.Build(path, temp.Path, Options(figure: new FigureRequest(Facet: "replicate"))));
        Assert.Contains("is a replicate axis of Lab.Study.Run: the report averages over it", replicate.Message);
        var metric = Assert.Throws<UserException>(() => ReportHandler.Build(path, temp.Path, Options(figure: new FigureRequest(Metric: "speed"))));
        Assert.Equal("--metric 'speed' is not a numeric or bool result field of Lab.Study.Run. Valid: converged, error.", metric.Message);
        var name = Assert.Throws<UserException>(() => ResultsFileLocator.Locate(temp.Path, ["Other"]));
        Assert.Equal(["Study.Run.results.json"], name.Details);
    }

    [Fact]
    public void Axes_given_on_the_command_line_override_the_defaults()
    {
        using var temp = new TempDirectory("report");
        var path = WriteStudy(temp, StudyFile());

        var report = ReportHandler.Build(path, temp.Path, Options(figure: new FigureRequest(X: "b", Y: "a", Facet: FigureRequest.NoFacet, Metric: "error", Contour: 2)));

        var figure = report.Aggregate.Figure;
        Assert.Equal(("b", "a", null), (figure.X!.Name, figure.Y!.Name, figure.Facet?.Name));
        Assert.Equal(["mode", "replicate"], figure.Averaged.Select(x => x.Name));
        Assert.StartsWith("Mean error over b × a, averaged over mode (2 values) and replicate (4 values); white line: 2 contour", report.Figure!.Caption);
    }
}
