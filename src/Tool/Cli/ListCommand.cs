using System.CommandLine;
using Experiments.Tool.Listing;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment list [--points EXPERIMENT [--skip N] [--take N]]</c></summary>
public static class ListCommand
{
    public static Command Create(ToolConsole console)
    {
        var project = CommonOptions.Project();
        var configuration = CommonOptions.Configuration();
        var noBuild = CommonOptions.NoBuild();
        var points = new Option<string?>("--points")
        {
            Description = "Print the point keys of one experiment instead (full name or a unique suffix).",
            HelpName = "EXPERIMENT",
        };
        var skip = new Option<long>("--skip")
        {
            Description = "With --points: skip this many points.",
            HelpName = "N",
            CustomParser = r => CommonOptions.NonNegative(r, "--skip"),
        };
        var take = new Option<long>("--take")
        {
            Description = $"With --points: print at most this many (default {ExperimentListing.DefaultPageSize}).",
            HelpName = "N",
            DefaultValueFactory = _ => ExperimentListing.DefaultPageSize,
            CustomParser = r => r.Tokens.Count == 0 ? ExperimentListing.DefaultPageSize : CommonOptions.PositiveCount(r, "--take") ?? 0,
        };
        var command = new Command("list", "List the project's experiments: axes, value counts, points and resources.")
        {
            project, configuration, noBuild, points, skip, take,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pointsOf = parse.GetValue(points);
            var pageWanted = parse.GetResult(skip) is { Implicit: false } || parse.GetResult(take) is { Implicit: false };
            ExperimentListing.CheckPage(pointsOf, parse.GetValue(skip), parse.GetValue(take), pageWanted);
            var built = await ProjectLoader.LoadAsync(console, parse.GetValue(project), parse.GetValue(configuration)!, parse.GetValue(noBuild), cancellationToken);
            if (pointsOf is null)
                ExperimentListing.PrintExperiments(console, built);
            else
                ExperimentListing.PrintPoints(console, built, pointsOf, parse.GetValue(skip), parse.GetValue(take));
            return 0;
        });
        return command;
    }
}
