namespace Experiments.Backends.Slurm;

/// <summary>What both shells share: start a process, feed its input, collect its output, kill it when cancelled.</summary>
public abstract class ProcessShell : ISlurmShell
{
    public abstract string Where { get; }

    /// <summary>The process that runs <paramref name="command"/> where Slurm is.</summary>
    protected abstract ShellCommand Wrap(IReadOnlyList<string> command);

    /// <summary>The ssh destination rsync copies to; null for this machine.</summary>
    protected abstract string? CopyHost { get; }

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string? standardInput, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        return ExecuteAsync(Wrap(command), standardInput, cancellationToken);
    }

    public async Task CopyDirectoryAsync(string localDirectory, string clusterDirectory, CancellationToken cancellationToken)
    {
        var partial = SlurmShellCommands.PartialDirectory(clusterDirectory);
        var parent = clusterDirectory.TrimEnd('/');
        parent = parent[..Math.Max(1, parent.LastIndexOf('/'))];
        await RequireAsync(SlurmShellCommands.MakeDirectory(parent), cancellationToken).ConfigureAwait(false);
        var copy = await ExecuteAsync(SlurmShellCommands.Rsync(CopyHost, localDirectory, partial), null, cancellationToken).ConfigureAwait(false);
        if (!copy.Succeeded)
            throw new SlurmShellException($"Copying {localDirectory} to {clusterDirectory} on {Where} failed (rsync exit {copy.ExitCode}):{Environment.NewLine}{copy.StandardError.Trim()}");
        await RequireAsync(SlurmShellCommands.MoveIntoPlace(partial, clusterDirectory), cancellationToken).ConfigureAwait(false);
    }

    public async Task PullDirectoryAsync(string clusterDirectory, string localDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(localDirectory);
        var pull = await ExecuteAsync(SlurmShellCommands.RsyncPull(CopyHost, clusterDirectory, localDirectory), null, cancellationToken).ConfigureAwait(false);
        // 23/24: some files vanished or could not be read mid-transfer (a record file being created); the next pull gets them.
        if (!pull.Succeeded && pull.ExitCode is not (23 or 24))
            throw new SlurmShellException($"Copying {clusterDirectory} from {Where} failed (rsync exit {pull.ExitCode}):{Environment.NewLine}{pull.StandardError.Trim()}");
    }

    private async Task RequireAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"`{ShellQuoting.Join(command)}` failed on {Where} (exit {result.ExitCode}):{Environment.NewLine}{result.StandardError.Trim()}");
    }

    private static async Task<ShellResult> ExecuteAsync(ShellCommand command, string? standardInput, CancellationToken cancellationToken)
    {
        var result = await ExternalProcess.RunAsync(command.Program, command.Arguments, cancellationToken, standardInput: standardInput).ConfigureAwait(false)
            ?? throw new SlurmShellException($"Could not start {command.Program}; is it installed and on PATH?");
        return new ShellResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}

/// <summary>A Slurm command, ssh or rsync could not run or failed; the message holds its own words.</summary>
public sealed class SlurmShellException(string message) : BackendUserException(message);
