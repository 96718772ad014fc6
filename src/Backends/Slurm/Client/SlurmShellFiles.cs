namespace Experiments.Backends.Slurm;

/// <summary>
/// Small file operations on the cluster's shared directory, through the shell so that they work the same on this
/// machine and over ssh. Each is one command whose arguments are passed as <c>$1</c>, <c>$2</c>: never spliced into the
/// script text.
/// </summary>
public static class SlurmShellFiles
{
    /// <summary>Writes a whole file beside its place and renames it there, so a reader never sees half of it.</summary>
    public static Task WriteAsync(this ISlurmShell shell, string clusterPath, string content, CancellationToken cancellationToken) =>
        shell.RequireAsync(
            ["sh", "-c", "mkdir -p \"${1%/*}\" && cat > \"$1.partial-$$\" && mv -f \"$1.partial-$$\" \"$1\"", "write", clusterPath],
            content,
            cancellationToken);

    /// <summary>Appends whole lines to a file (record files: one writer at a time, so appends never interleave).</summary>
    public static Task AppendAsync(this ISlurmShell shell, string clusterPath, string lines, CancellationToken cancellationToken) =>
        shell.RequireAsync(["sh", "-c", "cat >> \"$1\"", "append", clusterPath], lines, cancellationToken);

    /// <summary>A file's text, or null when it does not exist.</summary>
    public static async Task<string?> ReadAsync(this ISlurmShell shell, string clusterPath, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(["sh", "-c", "[ ! -e \"$1\" ] && exit 3; cat \"$1\"", "read", clusterPath], null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 3)
            return null;
        return result.Succeeded ? result.StandardOutput : throw Failure(shell, "reading " + clusterPath, result);
    }

    public static async Task<bool> DirectoryExistsAsync(this ISlurmShell shell, string clusterPath, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(["test", "-d", clusterPath], null, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw Failure(shell, $"checking for {clusterPath}", result),
        };
    }

    public static Task MakeDirectoriesAsync(this ISlurmShell shell, IEnumerable<string> clusterPaths, CancellationToken cancellationToken) =>
        shell.RequireAsync(["mkdir", "-p", .. clusterPaths], null, cancellationToken);

    private static async Task RequireAsync(this ISlurmShell shell, IReadOnlyList<string> command, string? input, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(command, input, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw Failure(shell, $"`{ShellQuoting.Join(command)}`", result);
    }

    private static SlurmShellException Failure(ISlurmShell shell, string what, ShellResult result) =>
        new($"{what} failed on {shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{(result.StandardError + result.StandardOutput).Trim()}");
}
