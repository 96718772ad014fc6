using Experiments.Tool.Output;
using Spectre.Console;

namespace Experiments.Tool.Projects;

/// <summary>Finds and builds the project a command works on, telling the user what it is doing meanwhile.</summary>
public static class ProjectLoader
{
    public static async Task<BuiltProject> LoadAsync(
        ToolConsole console, string? projectOption, string configuration, bool noBuild, CancellationToken cancellationToken)
    {
        var projectFile = ProjectLocator.Locate(projectOption, Directory.GetCurrentDirectory());
        if (noBuild)
            return await ProjectBuilder.FindBuiltAsync(projectFile, configuration, cancellationToken);
        var what = $"Building {Path.GetFileName(projectFile)} ({configuration})…";
        if (!console.Interactive)
        {
            // To stderr, so that output meant for scripts (list --points) stays clean.
            console.ErrorLine(what);
            return await ProjectBuilder.BuildAsync(projectFile, configuration, cancellationToken);
        }
        return await console.Out.Status().StartAsync(Markup.Escape(what), _ => ProjectBuilder.BuildAsync(projectFile, configuration, cancellationToken));
    }
}
