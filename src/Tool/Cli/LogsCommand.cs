using System.CommandLine;
using Experiments.Tool.Control;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment logs [RUN] [--task N]… [--tail N]</c></summary>
public static class LogsCommand
{
    public static Command Create(ToolConsole console)
    {
        var run = StatusCommand.RunArgument("The run whose task output to show: its id or a unique prefix (default: the latest run).");
        var tasks = new Option<int[]>("--task")
        {
            Description = "A plan task to show (repeatable; `status` and failure messages name tasks). Default: the tasks of points that failed, else every task.",
            AllowMultipleArgumentsPerToken = true,
        };
        var tail = new Option<int>("--tail")
        {
            Description = "How many last lines of each output to print when the backend can fetch it.",
            DefaultValueFactory = _ => LogsHandler.DefaultTail,
        };
        var project = CommonOptions.Project();
        var command = new Command("logs", "Where each task's stdout and stderr went (a file, a CloudWatch stream, an Azure task file, a Cloud Logging query), and their last lines where the backend can fetch them.")
        {
            run, tasks, tail, project,
        };
        command.SetAction((parse, cancellationToken) => LogsHandler.ShowAsync(
            console, parse.GetValue(project), parse.GetValue(run), parse.GetValue(tasks) ?? [], parse.GetValue(tail), cancellationToken));
        return command;
    }
}
