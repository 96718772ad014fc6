using System.CommandLine;
using Experiments.Tool.Output;
using Experiments.Tool.Running;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment resume [RUN] [--parallel N] [--points-per-task N] [--artifacts-max-size SIZE] [--leave-artifacts]</c></summary>
public static class ResumeCommand
{
    public static Command Create(ToolConsole console)
    {
        var run = new Argument<string?>("RUN")
        {
            Description = "The run to resume: its id or a unique prefix (default: the latest run).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var project = CommonOptions.Project();
        var configuration = new Option<string?>("--configuration", "-c")
        {
            Description = "The build configuration (default: the one the run used).",
            HelpName = "NAME",
        };
        var noBuild = CommonOptions.NoBuild();
        var parallel = CommonOptions.Parallel();
        var pointsPerTask = CommonOptions.PointsPerTask();
        var artifactsMaxSize = CommonOptions.ArtifactsMaxSize();
        var leaveArtifacts = CommonOptions.LeaveArtifacts();
        var command = new Command("resume", "Collect what an interrupted run finished, then run the points of its plan that did not succeed.")
        {
            run, parallel, pointsPerTask, project, configuration, noBuild, artifactsMaxSize, leaveArtifacts,
        };
        command.SetAction((parse, cancellationToken) => ResumeHandler.ResumeAsync(
            console,
            new ResumeOptions(parse.GetValue(project), parse.GetValue(configuration), parse.GetValue(run), parse.GetValue(parallel), parse.GetValue(pointsPerTask), parse.GetValue(noBuild),
                parse.GetValue(artifactsMaxSize), parse.GetValue(leaveArtifacts)),
            cancellationToken));
        return command;
    }
}
