using System.CommandLine;
using Experiments.Tool.Journal;
using Experiments.Tool.Listing;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment runs</c>: the journal, newest first. Reads only the journal; builds nothing.</summary>
public static class RunsCommand
{
    public static Command Create(ToolConsole console)
    {
        var project = CommonOptions.Project();
        var command = new Command("runs", "List the journaled runs: id, start, backend, status, points done and failed, message.")
        {
            project,
        };
        command.SetAction(parse =>
        {
            var projectFile = ProjectLocator.Locate(parse.GetValue(project), Directory.GetCurrentDirectory());
            RunListing.Print(console, new RunJournal(Path.GetDirectoryName(projectFile)!));
            return 0;
        });
        return command;
    }
}
