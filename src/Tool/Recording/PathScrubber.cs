using System.Text.RegularExpressions;

namespace Experiments.Tool.Recording;

/// <summary>
/// Removes this machine's absolute paths from text bound for a results file (error messages, stack traces): paths
/// under the project, the repository or the app's output become relative, the home directory becomes <c>~</c>. A
/// checked-in file must not say where someone's home or temp folder is, and must not change with it.
/// </summary>
public sealed partial class PathScrubber
{
    private readonly (string Prefix, string Replacement)[] _rules;

    /// <param name="relativeRoots">Folders whose paths become relative, e.g. the app's output, the project, the repository.</param>
    /// <param name="homeDirectory">The user's home, shown as <c>~</c>.</param>
    public PathScrubber(IEnumerable<string?> relativeRoots, string? homeDirectory)
    {
        var rules = relativeRoots
            .Where(r => !string.IsNullOrEmpty(r))
            .Select(r => (Path.TrimEndingDirectorySeparator(Path.GetFullPath(r!)) + Path.DirectorySeparatorChar, ""))
            .ToList();
        if (!string.IsNullOrEmpty(homeDirectory) && Path.GetFullPath(homeDirectory) != Path.GetPathRoot(homeDirectory))
            rules.Add((Path.TrimEndingDirectorySeparator(Path.GetFullPath(homeDirectory)) + Path.DirectorySeparatorChar, "~" + Path.DirectorySeparatorChar));
        // Longest first: the project inside the repository becomes relative to the project, not the repository.
        _rules = rules.DistinctBy(r => r.Item1).OrderByDescending(r => r.Item1.Length).ToArray();
    }

    /// <summary>The scrubber for a project's results: its app output, the project and its repository relative; home as <c>~</c>.</summary>
    public static PathScrubber ForProject(string outputDirectory, string projectDirectory, string? repositoryRoot) =>
        new([outputDirectory, projectDirectory, repositoryRoot], Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        foreach (var (prefix, replacement) in _rules)
        {
            text = text.Replace(prefix, replacement, StringComparison.Ordinal);
            // The folder itself, named without a trailing separator (e.g. "in /tmp/x/Project"), but not a sibling
            // whose name merely starts the same ("/tmp/x/Project2").
            var folder = Regex.Escape(prefix[..^1]) + @"(?![\w.\-])";
            var folderReplacement = replacement.Length == 0 ? "." : replacement[..^1];
            text = Regex.Replace(text, folder, _ => folderReplacement, RegexOptions.CultureInvariant);
        }
        // Stack frames of code built elsewhere on this machine (a library outside the project) keep the file name only.
        return StackFramePath().Replace(text, m => Path.GetFileName(m.Value.Replace('\\', '/')));
    }

    /// <summary>The absolute path in a stack frame's "in /path/File.cs:line 12".</summary>
    [GeneratedRegex(@"(?<= in )(/|[A-Za-z]:\\)[^\r\n]*?(?=:line [0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StackFramePath();
}
