using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Reading;

/// <summary>A results file found in a project: where it is and which experiment it says it holds.</summary>
/// <param name="Path">The full path.</param>
/// <param name="RelativePath">The path relative to the project, as messages name it.</param>
/// <param name="Experiment">The experiment's full name, from the file's header.</param>
public sealed record FoundResultsFile(string Path, string RelativePath, string Experiment);

/// <summary>
/// Finds the results files of a project without building it: every <c>*.results.json</c> under the project folder
/// (not in <c>bin</c>, <c>obj</c> or hidden folders), named by the experiment its header names, so <c>diff</c> and
/// <c>export</c> work on a fresh clone and on files whose experiment is gone from the code. Names match as everywhere
/// else: in full or by a unique suffix at a name boundary.
/// </summary>
public static class ResultsFileFinder
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    public static IReadOnlyList<FoundResultsFile> FindAll(string projectDirectory)
    {
        var found = new List<FoundResultsFile>();
        Walk(projectDirectory, projectDirectory, found);
        return found.OrderBy(f => f.Experiment, StringComparer.Ordinal).ThenBy(f => f.RelativePath, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The files of the named experiments (all when none are named); each name must match exactly one experiment.</summary>
    public static IReadOnlyList<FoundResultsFile> Find(string projectDirectory, IReadOnlyList<string> names)
    {
        var all = FindAll(projectDirectory);
        if (all.Count == 0)
            throw new UserException($"No results files (*{ResultsFile.Suffix}) under {projectDirectory}; run an experiment first, or pass --project.");
        if (names.Count == 0)
            return all;
        var chosen = new List<FoundResultsFile>();
        foreach (var name in names)
        {
            foreach (var file in Match(all, name))
            {
                if (!chosen.Contains(file))
                    chosen.Add(file);
            }
        }
        return chosen;
    }

    private static IReadOnlyList<FoundResultsFile> Match(IReadOnlyList<FoundResultsFile> all, string name)
    {
        var trimmed = name.Trim();
        var exact = all.Where(f => f.Experiment == trimmed).ToArray();
        if (exact.Length > 0)
            return exact;
        var bySuffix = all.Where(f => f.Experiment.EndsWith("." + trimmed, StringComparison.Ordinal)).ToArray();
        var experiments = bySuffix.Select(f => f.Experiment).Distinct(StringComparer.Ordinal).ToArray();
        if (experiments.Length == 1)
            return bySuffix;
        if (experiments.Length > 1)
            throw new UserException($"'{trimmed}' matches {experiments.Length} experiments' results files; use a longer suffix or the full name:", experiments);
        throw new UserException(
            $"No results file of an experiment '{trimmed}'. The results files in this project hold:",
            all.Select(f => $"{f.Experiment} ({f.RelativePath})").ToArray());
    }

    private static void Walk(string root, string directory, List<FoundResultsFile> found)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*" + ResultsFile.Suffix))
        {
            var relative = System.IO.Path.GetRelativePath(root, path);
            found.Add(new FoundResultsFile(path, relative, ExperimentNameOf(path, relative)));
        }
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            var name = System.IO.Path.GetFileName(sub);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                Walk(root, sub, found);
        }
    }

    /// <summary>The header's <c>experiment</c>: the streaming reader reads the header only, however many points follow.</summary>
    public static string ExperimentNameOf(string path, string displayName) => new PointSource(path, displayName).Experiment;
}
