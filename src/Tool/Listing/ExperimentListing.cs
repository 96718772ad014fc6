using System.Globalization;
using Experiments.Registry;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Selection;
using Spectre.Console;

namespace Experiments.Tool.Listing;

/// <summary>What <c>list</c> prints: a table of experiments, or one experiment's point keys a page at a time.</summary>
public static class ExperimentListing
{
    public const long DefaultPageSize = 50;

    public static void CheckPage(string? pointsOf, long skip, long take, bool pageWanted)
    {
        if (pageWanted && pointsOf is null)
            throw new UserException("--skip and --take page through the points of one experiment; add --points EXPERIMENT.");
        if (skip < 0)
            throw new UserException($"--skip must be 0 or more (got {skip}).");
        if (take < 1)
            throw new UserException($"--take must be 1 or more (got {take}).");
    }

    public static void PrintExperiments(ToolConsole console, BuiltProject project)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Experiment")
            .AddColumn("Axes")
            .AddColumn(new TableColumn("Points").RightAligned())
            .AddColumn("Resources");
        foreach (var experiment in project.Experiments)
        {
            table.AddRow(
                Markup.Escape(experiment.Name),
                Markup.Escape(DescribeAxes(experiment)),
                experiment.PointCount.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(DescribeResources(experiment.Resources)));
        }
        var count = project.Experiments.Count;
        console.Line($"{count} experiment{(count == 1 ? "" : "s")} in {project.Name}:");
        console.Table(table);
    }

    public static void PrintPoints(ToolConsole console, BuiltProject project, string pattern, long skip, long take)
    {
        var experiment = ExperimentMatcher.Match(project.Experiments, pattern);
        var end = Math.Min(experiment.PointCount, skip + take);
        // Keys only, one per line, so the output pipes straight into --point.
        for (var index = skip; index < end; index++)
            console.Line(experiment.KeyOf(index));
        if (skip >= experiment.PointCount)
            console.ErrorLine($"{experiment.Name} has {experiment.PointCount} points; --skip {skip} is past the last.");
        else if (end < experiment.PointCount || skip > 0)
            console.ErrorLine($"Points {skip + 1}–{end} of {experiment.PointCount} of {experiment.Name}{(end < experiment.PointCount ? $"; --skip {end} for the next page" : "")}.");
    }

    public static string DescribeAxes(ExperimentDescriptor experiment) =>
        experiment.Axes.Count == 0
            ? "(no axes)"
            : string.Join(" × ", experiment.Axes.Select(a => $"{a.Name} ({a.Count})"));

    public static string DescribeResources(ExperimentResources r)
    {
        var parts = new List<string>
        {
            r.Timeout is { } timeout ? $"timeout {timeout:c}" : "no timeout",
            $"{r.Retries} {(r.Retries == 1 ? "retry" : "retries")}",
            $"{r.Cpus} cpu{(r.Cpus == 1 ? "" : "s")}",
        };
        if (r.Memory is not null)
            parts.Add(r.Memory);
        if (r.Gpus > 0)
            parts.Add($"{r.Gpus} gpu{(r.Gpus == 1 ? "" : "s")}");
        return string.Join(", ", parts);
    }
}
