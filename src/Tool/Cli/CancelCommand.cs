using System.CommandLine;
using Experiments.Tool.Control;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment cancel [RUN]</c></summary>
public static class CancelCommand
{
    public static Command Create(ToolConsole console)
    {
        var run = StatusCommand.RunArgument("The run to stop: its id or a unique prefix (default: the latest run).");
        var project = CommonOptions.Project();
        var command = new Command("cancel", "Stop a run's tasks (scancel on Slurm); what finished stays recorded, and resume runs the rest.") { run, project };
        command.SetAction((parse, cancellationToken) => CancelHandler.CancelAsync(console, parse.GetValue(project), parse.GetValue(run), cancellationToken));
        return command;
    }
}
