using Experiments.Backends;

namespace Experiments.Tool.Recording;

/// <summary>The commit a run's code came from, and whether the working tree differed from it.</summary>
/// <param name="Root">The repository's top-level folder.</param>
/// <param name="Commit">HEAD's full hash.</param>
/// <param name="Dirty">Uncommitted changes other than results files and the run journal (which never change the code).</param>
public sealed record GitInfo(string Root, string Commit, bool Dirty)
{
    /// <returns>Null when the folder is not in a git repository, the repository has no commit yet, or git is not installed.</returns>
    public static async Task<GitInfo?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var root = await GitAsync(directory, cancellationToken, "rev-parse", "--show-toplevel");
        var head = await GitAsync(directory, cancellationToken, "rev-parse", "--verify", "HEAD");
        if (root is null || head is null)
            return null;
        var status = await GitAsync(directory, cancellationToken, "status", "--porcelain", "--untracked-files=normal") ?? "";
        var dirty = status.Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 3)
            .Select(l => l[3..].Trim('"'))
            .Any(path => !path.EndsWith(Schema.ResultsFile.Suffix, StringComparison.Ordinal)
                && !path.Contains(Journal.RunJournal.FolderName + "/", StringComparison.Ordinal));
        return new GitInfo(root.Trim(), head.Trim(), dirty);
    }

    private static async Task<string?> GitAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("git", ["-C", directory, .. arguments], cancellationToken, directory);
        return result is { ExitCode: 0 } ? result.StandardOutput : null;
    }
}
