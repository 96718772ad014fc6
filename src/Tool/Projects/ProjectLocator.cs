using Experiments.Tool.Errors;

namespace Experiments.Tool.Projects;

/// <summary>Finds the experiment project: <c>--project</c> (a project file or its folder) or the current directory.</summary>
public static class ProjectLocator
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public static string Locate(string? projectOption, string currentDirectory)
    {
        var given = projectOption ?? currentDirectory;
        var path = Path.GetFullPath(given, currentDirectory);
        if (File.Exists(path))
        {
            if (!ProjectExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
                throw new UserException($"--project '{given}' is not a project file (.csproj); give the project file or its folder.");
            return path;
        }
        if (!Directory.Exists(path))
            throw new UserException($"--project '{given}' does not exist; give the experiment project's .csproj file or its folder.");

        var candidates = Directory.EnumerateFiles(path)
            .Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var where = projectOption is null ? "the current directory" : $"'{given}'";
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new UserException(
                $"No project file (.csproj) in {where}. Run this in the experiment project's folder or pass --project PATH."),
            _ => throw new UserException(
                $"{char.ToUpperInvariant(where[0])}{where[1..]} holds several project files; pick one with --project:",
                candidates.Select(Path.GetFileName).ToArray()!),
        };
    }
}
