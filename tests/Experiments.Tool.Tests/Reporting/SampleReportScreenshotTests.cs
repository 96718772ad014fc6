using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.Tool.Tests.EndToEnd;
using SkiaSharp;

namespace Experiments.Tool.Tests.Reporting;

/// <summary>
/// The flagship sample's report as a person sees it: written by the tool from the committed results file (no build),
/// opened in a real headless Chromium, with no console errors, and the phase diagram's colours where the data says
/// the signal is always and never recovered.
/// </summary>
public class SampleReportScreenshotTests
{
    private static string SampleFolder => RepositoryPaths.Sample("PhaseTransition");

    [Fact]
    public async Task The_phase_diagram_in_index_html_is_yellow_where_every_replicate_recovers_and_dark_where_none_does()
    {
        var chromium = HeadlessChromium.Require();
        using var temp = new TempDirectory("report-shot");
        var folder = temp.Combine("report");

        var tool = await ProcessRunner.RunAsync("dotnet",
            [ToolRunner.ToolPath, "report", "PhaseTransition.Run", "--project", SampleFolder, "-o", folder, "--contour", "0.5"],
            RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(tool.ExitCode == 0, tool.ToString());
        var page = Path.Combine(folder, "index.html");

        // What the data says, read independently of the report: the recovered fraction of two cells.
        var (always, never) = (Cell(0.5, 0.1), Cell(0.5, 0.9));
        var fractions = RecoveredFractions();
        Assert.Equal(1.0, fractions[always]);
        Assert.Equal(0.0, fractions[never]);

        // The page runs without a console message, and its hover script names the cell under the pointer.
        var probe = await Probe(chromium, page);
        var shot = temp.Combine("index.png");
        var log = await chromium.ScreenshotAsync(page, shot);
        Assert.Empty(HeadlessChromium.ConsoleMessages(log));
        Assert.Empty(HeadlessChromium.ConsoleMessages(probe.Log));
        Assert.StartsWith("coefficients=Gaussian, delta=0.1, rho=0.02: recovered 1 (20/20", probe.Readout);

        using var screenshot = SKBitmap.Decode(shot);
        Assert.Equal((HeadlessChromium.Width, HeadlessChromium.Height), (screenshot.Width, screenshot.Height));
        var html = File.ReadAllText(page);
        var high = screenshot.GetPixel(probe.Left + CentreOf(html, always).X, probe.Top + CentreOf(html, always).Y);
        var low = screenshot.GetPixel(probe.Left + CentreOf(html, never).X, probe.Top + CentreOf(html, never).Y);

        // Viridis, the report's colour map: 1 is yellow, 0 dark purple.
        var viridis = new ScottPlot.Colormaps.Viridis();
        AssertClose(viridis.GetColor(1.0), high, "the always-recovered cell");
        AssertClose(viridis.GetColor(0.0), low, "the never-recovered cell");
        Assert.True(Distance(high, low) > 200, $"the two cells should look nothing alike: {high} and {low}");
    }

    private static string Cell(double delta, double rho) =>
        string.Create(CultureInfo.InvariantCulture, $"coefficients=Gaussian, delta={delta}, rho={rho}");

    private static Dictionary<string, double> RecoveredFractions()
    {
        var file = ResultsFileReader.ReadIfExists(Path.Combine(SampleFolder, "PhaseTransition.Run.results.json"))!;
        return file.Points
            .Where(p => p.IsSucceeded && p.Parameters.GetProperty("coefficients").GetString() == "Gaussian")
            .GroupBy(p => Cell(p.Parameters.GetProperty("delta").GetDouble(), p.Parameters.GetProperty("rho").GetDouble()))
            .ToDictionary(g => g.Key, g => g.Average(p => p.Result!.Value.GetProperty("recovered").GetBoolean() ? 1.0 : 0.0));
    }

    /// <summary>The centre of a cell in the figure's pixels, from the page's own image map (which the report draws from ScottPlot's layout).</summary>
    private static (int X, int Y) CentreOf(string html, string cell)
    {
        var area = Regex.Matches(html, "<area shape=\"rect\" coords=\"(\\d+),(\\d+),(\\d+),(\\d+)\" title=\"([^\"]*)\"")
            .Single(m => WebUtility.HtmlDecode(m.Groups[5].Value).StartsWith(cell + ":", StringComparison.Ordinal));
        int At(int i) => int.Parse(area.Groups[i].Value, CultureInfo.InvariantCulture);
        return ((At(1) + At(3)) / 2, (At(2) + At(4)) / 2);
    }

    private sealed record ProbeResult(int Left, int Top, string Readout, ProcessResult Log);

    /// <summary>
    /// Loads a copy of the page with a few lines appended that report where the figure is laid out and what the readout
    /// says after the pointer enters the first cell; the screenshot is taken of the page itself.
    /// </summary>
    private static async Task<ProbeResult> Probe(HeadlessChromium chromium, string page)
    {
        const string script = """
            <script>
            var img = document.querySelector('figure img'), rect = img.getBoundingClientRect();
            document.querySelector('map area').dispatchEvent(new Event('mouseenter'));
            document.body.setAttribute('data-probe', Math.round(rect.left) + ',' + Math.round(rect.top));
            </script>
            """;
        var probePage = Path.Combine(Path.GetDirectoryName(page)!, "probe.html");
        File.WriteAllText(probePage, File.ReadAllText(page).Replace("</body>", script + "</body>", StringComparison.Ordinal));
        var result = await chromium.DumpDomAsync(probePage);
        var at = Regex.Match(result.StandardOutput, "data-probe=\"(\\d+),(\\d+)\"");
        Assert.True(at.Success, "the probe did not run:\n" + result.StandardError);
        var readout = Regex.Match(result.StandardOutput, "<div class=\"readout\" id=\"map-0-readout\">([^<]*)</div>");
        return new ProbeResult(int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture),
            WebUtility.HtmlDecode(readout.Groups[1].Value), result);
    }

    private static void AssertClose(ScottPlot.Color expected, SKColor actual, string what) =>
        Assert.True(Distance(new SKColor(expected.R, expected.G, expected.B), actual) < 40,
            $"{what} should be {expected.R},{expected.G},{expected.B} (Viridis); the screenshot has {actual.Red},{actual.Green},{actual.Blue}");

    private static double Distance(SKColor a, SKColor b) =>
        Math.Sqrt(Math.Pow(a.Red - b.Red, 2) + Math.Pow(a.Green - b.Green, 2) + Math.Pow(a.Blue - b.Blue, 2));
}
