using System.CommandLine;
using Experiments.Tool.Backends;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Cli;

/// <summary>
/// <c>dotnet experiment run [EXPERIMENT…] [--where AXIS=V1,V2 …] [--point KEY …] [--backend local] [--parallel N]
/// [--points-per-task N] [-m MESSAGE] [--dry-run] [--artifacts-max-size SIZE] [--leave-artifacts]</c>
/// </summary>
public static class RunCommand
{
    public static Command Create(ToolConsole console)
    {
        var experiments = new Argument<string[]>("EXPERIMENT")
        {
            Description = "Experiments to run, by full name or a unique suffix (default: all).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var where = new Option<string[]>("--where", "-w")
        {
            Description = "Only points whose AXIS is one of the values: AXIS=V1,V2. Repeat for more axes (all must hold).",
            HelpName = "AXIS=VALUES",
        };
        var point = new Option<string[]>("--point")
        {
            Description = "Only this point, by key (AXIS=V;AXIS=V naming every axis). Repeatable.",
            HelpName = "KEY",
        };
        var backend = new Option<string>("--backend", "-b")
        {
            Description = $"Where the points run ({string.Join(", ", BackendCatalog.Names)}).",
            HelpName = "NAME",
            DefaultValueFactory = _ => BackendCatalog.Default,
        };
        var message = new Option<string?>("--message", "-m")
        {
            Description = "Why this run: recorded with it in the results files.",
            HelpName = "MESSAGE",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the plan (points, tasks, arrays, estimated time) and submit nothing.",
        };
        var noLivePlot = new Option<bool>("--no-live-plot")
        {
            Description = "On a terminal, show only the counts, not the heatmap of results filling in (redirected output never has it).",
        };
        var project = CommonOptions.Project();
        var configuration = CommonOptions.Configuration();
        var noBuild = CommonOptions.NoBuild();
        var parallel = CommonOptions.Parallel();
        var pointsPerTask = CommonOptions.PointsPerTask();
        var artifactsMaxSize = CommonOptions.ArtifactsMaxSize();
        var leaveArtifacts = CommonOptions.LeaveArtifacts();

        var command = new Command("run", "Build, plan and run experiments, showing progress, and record every point in the results files.")
        {
            experiments, where, point, backend, parallel, pointsPerTask, message, dryRun, project, configuration, noBuild, noLivePlot,
            artifactsMaxSize, leaveArtifacts,
        };
        command.SetAction((parse, cancellationToken) => RunHandler.RunAsync(
            console,
            new RunOptions(
                parse.GetValue(project),
                parse.GetValue(configuration)!,
                parse.GetValue(experiments) ?? [],
                parse.GetValue(where) ?? [],
                parse.GetValue(point) ?? [],
                parse.GetValue(backend)!,
                parse.GetValue(parallel),
                parse.GetValue(pointsPerTask),
                parse.GetValue(message),
                parse.GetValue(dryRun),
                parse.GetValue(noBuild),
                parse.GetValue(noLivePlot),
                parse.GetValue(artifactsMaxSize),
                parse.GetValue(leaveArtifacts)),
            cancellationToken));
        return command;
    }
}
