using System.CommandLine;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Cli;

/// <summary><c>dotnet experiment init --backend NAME</c>: a commented config section to fill in.</summary>
public static class InitCommand
{
    public static Command Create(ToolConsole console)
    {
        var backend = new Option<string>("--backend", "-b")
        {
            Description = $"The backend to configure ({string.Join(", ", BackendCatalog.Names)}).",
            HelpName = "NAME",
            Required = true,
        };
        var project = CommonOptions.Project();
        var command = new Command("init", $"Add a backend's commented section to {ExperimentsConfig.FileName} (created at the repository root if there is none).")
        {
            backend, project,
        };
        command.SetAction(parse =>
        {
            var definition = BackendCatalog.Definition(parse.GetValue(backend)!);
            if (definition.ConfigTemplate is null)
            {
                console.Line($"The {definition.Name} backend needs no settings; run with --backend {definition.Name}.");
                return ExitCodes.Success;
            }
            var projectFile = ProjectLocator.Locate(parse.GetValue(project), Directory.GetCurrentDirectory());
            var path = ConfigInitializer.AddSection(Path.GetDirectoryName(projectFile)!, definition.Name, definition.ConfigTemplate);
            console.Line($"Added a \"{definition.Name}\" section to {path}: fill in the values marked CHANGE-ME and uncomment what you need.");
            return ExitCodes.Success;
        });
        return command;
    }
}
