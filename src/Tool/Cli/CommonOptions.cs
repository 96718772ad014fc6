using System.CommandLine;

namespace Experiments.Tool.Cli;

/// <summary>Options every project command takes.</summary>
public static class CommonOptions
{
    public static Option<string?> Project() => new("--project", "-p")
    {
        Description = "The experiment project: its .csproj file or its folder (default: the current directory).",
        HelpName = "PATH",
    };

    public static Option<string> Configuration() => new("--configuration", "-c")
    {
        Description = "The build configuration to build and run (default: Release, so timings mean something).",
        HelpName = "NAME",
        DefaultValueFactory = _ => "Release",
    };

    public static Option<int?> Parallel() => new("--parallel")
    {
        Description = "How many points run at once on the local backend (default: the number of processors).",
        HelpName = "N",
    };

    public static Option<int?> PointsPerTask() => new("--points-per-task")
    {
        Description = "Points packed into one task (default: chosen from recorded durations and the backend).",
        HelpName = "N",
    };
}
