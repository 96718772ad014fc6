using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    public static Option<bool> NoBuild() => new("--no-build")
    {
        Description = "Use the project as it was last built instead of building it first.",
    };

    public static Option<int?> Parallel() => new("--parallel")
    {
        Description = "How many points run at once on the local backend (default: the number of processors).",
        HelpName = "N",
        CustomParser = r => PositiveCount(r, "--parallel"),
    };

    public static Option<int?> PointsPerTask() => new("--points-per-task")
    {
        Description = "Points packed into one task (default: chosen from recorded durations and the backend).",
        HelpName = "N",
        CustomParser = r => PositiveCount(r, "--points-per-task"),
    };

    public static Option<string?> ArtifactsMaxSize() => new(Artifacts.ArtifactSettings.MaxSizeFlag)
    {
        Description = "The most of an experiment's artifacts brought home beside its results file (default: artifacts.maxSize in experiments.json, else 1 GB); points beyond it stay in the store.",
        HelpName = "SIZE",
    };

    public static Option<bool> LeaveArtifacts() => new(Artifacts.ArtifactSettings.LeaveFlag)
    {
        Description = "Leave the points' artifacts in the run's store instead of bringing them home.",
    };

    /// <summary>A whole number of 1 or more, with an error that says so (not the parser's "System.Nullable`1").</summary>
    public static int? PositiveCount(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            return n;
        result.AddError($"{option} must be a whole number of 1 or more, not '{text}'.");
        return null;
    }

    /// <summary>A whole number of 0 or more.</summary>
    public static long NonNegative(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n;
        result.AddError($"{option} must be a whole number of 0 or more, not '{text}'.");
        return 0;
    }
}
