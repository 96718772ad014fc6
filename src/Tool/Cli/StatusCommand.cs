using System.CommandLine;
using Experiments.Tool.Control;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment status [RUN]</c></summary>
public static class StatusCommand
{
    public static Command Create(ToolConsole console)
    {
        var run = RunArgument("The run to show: its id or a unique prefix (default: the latest run).");
        var project = CommonOptions.Project();
        var watch = new Option<bool>("--watch")
        {
            Description = "Keep watching until every task has ended: counts and, on a terminal, the live heatmap of results, redrawn every few seconds.",
        };
        var command = new Command("status", "Where a run's tasks are (one bulk query to its backend) and what its points did so far.") { run, project, watch };
        command.SetAction((parse, cancellationToken) => StatusHandler.ShowAsync(console, parse.GetValue(project), parse.GetValue(run), cancellationToken, parse.GetValue(watch)));
        return command;
    }

    internal static Argument<string?> RunArgument(string description) => new("RUN")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
    };
}
