using System.Diagnostics;

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
        var start = new ProcessStartInfo(command.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
            start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmShellException($"Could not start {command.Program} ({e.Message}); is it installed and on PATH?");
        }
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            try
            {
                if (standardInput is not null)
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command exited without reading its input (a usage error): its exit code and stderr say why.
            }
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ShellResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // A half-run sbatch or rsync must not outlive the caller's cancellation.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}

/// <summary>A Slurm command, ssh or rsync could not run or failed; the message holds its own words.</summary>
public sealed class SlurmShellException(string message) : Exception(message);
