using System.Text;
using Experiments.Backends;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Diff;

/// <summary>Reads a file as it was at a git revision (<c>git show REV:./NAME</c>, run in the file's folder).</summary>
public static class GitRevisions
{
    /// <summary>Whether <paramref name="revision"/> names a commit of the repository holding <paramref name="directory"/>.</summary>
    public static async Task<bool> IsCommitAsync(string directory, string revision, CancellationToken cancellationToken)
    {
        var result = await ExternalProcess.RunAsync("git", ["-C", directory, "rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken, directory);
        if (result is null)
            throw new UserException($"'{revision}' is not a file, and git (needed to read a revision) is not installed or not on PATH.");
        return result.ExitCode == 0;
    }

    /// <returns>The file's bytes at the revision, or null when the file did not exist at it.</returns>
    public static async Task<byte[]?> ShowAsync(string path, string revision, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        var spec = $"{revision}:./{Path.GetFileName(path)}";
        var exists = await ExternalProcess.RunAsync("git", ["-C", directory, "cat-file", "-e", spec], cancellationToken, directory);
        if (exists is not { ExitCode: 0 })
            return null;
        var shown = await ExternalProcess.RunAsync("git", ["-C", directory, "show", spec], cancellationToken, directory);
        if (shown is not { ExitCode: 0 })
            throw new UserException($"git could not show {spec}: {shown?.StandardError.Trim()}");
        // Results files are UTF-8 text, so reading git's output as text and encoding it back loses nothing.
        return Encoding.UTF8.GetBytes(shown.StandardOutput);
    }
}
