using System.CommandLine;
using Experiments.Tool.Output;
using Experiments.Tool.Reproduce;

namespace Experiments.Tool.Cli;

/// <summary>
/// <c>dotnet experiment reproduce EXPERIMENT [--point KEY…] [--where AXIS=V…] [--sample N] [--tolerance X]
/// [--parallel N]</c>
/// </summary>
public static class ReproduceCommand
{
    public static Command Create(ToolConsole console)
    {
        var experiment = new Argument<string>("EXPERIMENT")
        {
            Description = "The experiment whose recorded points to re-run, by full name or a unique suffix.",
        };
        var point = new Option<string[]>("--point")
        {
            Description = "Only this recorded point, by key (AXIS=V;AXIS=V naming every axis). Repeatable.",
            HelpName = "KEY",
        };
        var where = new Option<string[]>("--where", "-w")
        {
            Description = "Only recorded points whose AXIS is one of the values: AXIS=V1,V2. Repeat for more axes (all must hold).",
            HelpName = "AXIS=VALUES",
        };
        var sample = new Option<int?>("--sample")
        {
            Description = "Only N of the selected recorded points, spread evenly over the grid (the same N points every time).",
            HelpName = "N",
            CustomParser = r => CommonOptions.PositiveCount(r, "--sample"),
        };
        var tolerance = new Option<string?>("--tolerance")
        {
            Description = "Numbers within this absolute difference (|a - b| <= X) count as reproduced (default: 0, bit for bit).",
            HelpName = "X",
        };
        var project = CommonOptions.Project();
        var configuration = CommonOptions.Configuration();
        var noBuild = CommonOptions.NoBuild();
        var parallel = CommonOptions.Parallel();
        var command = new Command(
            "reproduce",
            "Re-run recorded points with the current build on the local backend and check each result is the recorded one (numbers bit for bit unless --tolerance). Prints every mismatch; exits 1 on any. The results file is not changed.")
        {
            experiment, point, where, sample, tolerance, parallel, project, configuration, noBuild,
        };
        command.SetAction((parse, cancellationToken) => ReproduceHandler.ReproduceAsync(
            console,
            new ReproduceOptions(
                parse.GetValue(project),
                parse.GetValue(configuration)!,
                parse.GetValue(noBuild),
                parse.GetValue(experiment)!,
                parse.GetValue(point) ?? [],
                parse.GetValue(where) ?? [],
                parse.GetValue(sample),
                parse.GetValue(tolerance),
                parse.GetValue(parallel)),
            cancellationToken));
        return command;
    }
}
