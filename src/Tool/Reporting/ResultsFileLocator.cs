using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Reporting;

/// <summary>
/// Finds the results files a report reads, without building or loading the project: <c>*.results.json</c> files under
/// the project's folder, chosen by experiment name (full, or a unique suffix: <c>PhaseTransition.Run</c>, <c>Run</c>),
/// or given as paths.
/// </summary>
public static class ResultsFileLocator
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".experiments", "node_modules", "report" };

    /// <summary>The folder searched: <c>--project</c> (a project file's folder, or a folder), else the current directory.</summary>
    public static string SearchRoot(string? project, string currentDirectory)
    {
        if (project is null)
            return currentDirectory;
        var path = Path.GetFullPath(project, currentDirectory);
        if (File.Exists(path))
            return Path.GetDirectoryName(path)!;
        if (Directory.Exists(path))
            return path;
        throw new UserException($"--project '{project}' does not exist; give the experiment project's .csproj file or its folder.");
    }

    public static IReadOnlyList<string> Locate(string root, IReadOnlyList<string> names)
    {
        var files = new Lazy<string[]>(() => Find(root).ToArray());
        if (names.Count == 0)
        {
            return files.Value.Length > 0 ? files.Value : throw new UserException(
                $"No results files (*{ResultsFile.Suffix}) under {root}. Run `dotnet experiment run` first, or give a results file's path.");
        }
        var chosen = new List<string>();
        foreach (var name in names)
        {
            var path = Path.GetFullPath(name, root);
            var picked = name.EndsWith(ResultsFile.Suffix, StringComparison.Ordinal) && File.Exists(path) ? path : Match(files.Value, name, root);
            if (!chosen.Contains(picked))
                chosen.Add(picked);
        }
        return chosen;
    }

    private static string Match(string[] files, string name, string root)
    {
        var matches = files.Where(f => Matches(Stem(f), name)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new UserException(
                files.Length == 0
                    ? $"No results files (*{ResultsFile.Suffix}) under {root}, so none for '{name}'. Run `dotnet experiment run {name}` first."
                    : $"No results file for '{name}' under {root}. The results files there are:",
                files.Select(f => Path.GetRelativePath(root, f)).ToArray()),
            _ => throw new UserException($"'{name}' matches {matches.Length} results files; use a longer name or a path:",
                matches.Select(f => Path.GetRelativePath(root, f)).ToArray()),
        };
    }

    /// <summary>
    /// The stem is <c>Class.Method</c>; a name matches it whole, as a suffix at a dot (<c>Run</c>), or as the
    /// experiment's full name ending in it (<c>Samples.PhaseTransition.Run</c>).
    /// </summary>
    private static bool Matches(string stem, string name) =>
        stem == name || stem.EndsWith("." + name, StringComparison.Ordinal) || name.EndsWith("." + stem, StringComparison.Ordinal);

    private static string Stem(string path) => Path.GetFileName(path)[..^ResultsFile.Suffix.Length];

    private static IEnumerable<string> Find(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + ResultsFile.Suffix).Order(StringComparer.Ordinal))
            yield return file;
        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (SkippedFolders.Contains(Path.GetFileName(sub)))
                continue;
            foreach (var file in Find(sub))
                yield return file;
        }
    }
}
