using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Experiments.Tool.Output;
using Experiments.Tool.Reporting;

namespace Experiments.Tool.Cli;

/// <summary>
/// <c>dotnet experiment report [NAME…] [-o DIR] [--x AXIS --y AXIS] [--metric FIELD] [--facet AXIS] [--contour LEVEL]
/// [--format html|md|png]</c>
/// </summary>
public static class ReportCommand
{
    public static Command Create(ToolConsole console)
    {
        var experiments = new Argument<string[]>("NAME")
        {
            Description = "Experiments to report, by full name or a unique suffix, or results files by path (default: every results file under the project's folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The report folder (default: report/ beside each results file).",
            HelpName = "DIR",
        };
        var x = new Option<string?>("--x") { Description = "The figure's horizontal axis (default: of the numeric axes, the two with the most values make a heatmap).", HelpName = "AXIS" };
        var y = new Option<string?>("--y") { Description = "The heatmap's vertical axis.", HelpName = "AXIS" };
        var facet = new Option<string?>("--facet")
        {
            Description = "One panel (or line) per value of this axis (default: the smallest enum, bool or string axis of 2–6 values; 'none' for no facets).",
            HelpName = "AXIS",
        };
        var metric = new Option<string?>("--metric")
        {
            Description = "The result field drawn (default: the first bool field, as a rate, else the first number).",
            HelpName = "FIELD",
        };
        var contour = new Option<double?>("--contour")
        {
            Description = "Draw the heatmap's contour at this level (0.5: where half the replicates succeed).",
            HelpName = "LEVEL",
            CustomParser = ParseLevel,
        };
        var format = new Option<string[]>("--format")
        {
            Description = "What to write: html (index.html), md (README.md with its figures), png (the figures); repeat or comma-separate (default: all).",
            HelpName = "html|md|png",
            AllowMultipleArgumentsPerToken = true,
        };
        var run = new Option<string?>("--run")
        {
            Description = "Report a run from its journal (an id or unique prefix), also while it runs or before it is recorded; the report goes to the run's folder.",
            HelpName = "RUN",
        };
        var project = CommonOptions.Project();
        var command = new Command("report", "Tables and figures (heatmaps, line plots) of recorded results: a self-contained index.html, a README.md and PNGs. Reads the results files only; no build.")
        {
            experiments, output, x, y, facet, metric, contour, format, run, project,
        };
        command.Validators.Add(result =>
        {
            foreach (var value in result.GetValue(format) ?? [])
            {
                foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (FormatOf(part) is null)
                        result.AddError($"--format '{part}' is not valid; valid: html, md, png.");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => ReportHandler.WriteAsync(
            console,
            new ReportOptions(
                parse.GetValue(project),
                parse.GetValue(experiments) ?? [],
                parse.GetValue(output),
                new FigureRequest(parse.GetValue(x), parse.GetValue(y), parse.GetValue(facet), parse.GetValue(metric), parse.GetValue(contour)),
                Formats(parse.GetValue(format)),
                parse.GetValue(run)),
            Environment.CurrentDirectory,
            cancellationToken));
        return command;
    }

    private static ReportFormats Formats(string[]? values)
    {
        var parts = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return parts.Length == 0 ? ReportFormats.All : parts.Aggregate((ReportFormats)0, (all, p) => all | FormatOf(p)!.Value);
    }

    private static ReportFormats? FormatOf(string text) => text.ToLowerInvariant() switch
    {
        "html" => ReportFormats.Html,
        "md" or "markdown" => ReportFormats.Markdown,
        "png" => ReportFormats.Png,
        _ => null,
    };

    private static double? ParseLevel(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var level) && double.IsFinite(level))
            return level;
        result.AddError($"--contour must be a number (0.5, 1e-3), not '{text}'.");
        return null;
    }
}
