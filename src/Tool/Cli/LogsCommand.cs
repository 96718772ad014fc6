using System.CommandLine;
using Experiments.Tool.Control;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment logs [RUN] [--point KEY]… [--task N]… [--tail N]</c></summary>
public static class LogsCommand
{
    public static Command Create(ToolConsole console)
    {
        var run = StatusCommand.RunArgument("The run whose points' output to show: its id or a unique prefix (default: the latest run).");
        var points = new Option<string[]>("--point")
        {
            Description = "A point key whose output to show, e.g. \"x=2\" (repeatable). Default: the points that failed.",
            AllowMultipleArgumentsPerToken = true,
        };
        var tasks = new Option<int[]>("--task")
        {
            Description = "A plan task whose points' output to show (repeatable; `status` names tasks). Default: the points that failed.",
            AllowMultipleArgumentsPerToken = true,
        };
        var tail = new Option<int>("--tail")
        {
            Description = "How many last lines of each point attempt's output to print.",
            DefaultValueFactory = _ => LogsHandler.DefaultTail,
        };
        var project = CommonOptions.Project();
        var command = new Command("logs", "What points printed (stdout, stderr, context.Log), labelled by point key; by default only the points that failed. On the clouds the text comes from the service's logs (CloudWatch Logs, Azure Batch task files, Cloud Logging); where it cannot be read, where it went.")
        {
            run, points, tasks, tail, project,
        };
        command.SetAction((parse, cancellationToken) => LogsHandler.ShowAsync(
            console, parse.GetValue(project), parse.GetValue(run), parse.GetValue(points) ?? [], parse.GetValue(tasks) ?? [], parse.GetValue(tail), cancellationToken));
        return command;
    }
}
