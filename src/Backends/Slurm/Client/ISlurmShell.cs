namespace Experiments.Backends.Slurm;

/// <summary>
/// Where Slurm commands run: on this machine, or on a login node over ssh with the user's own ssh config. The backend
/// talks to the cluster only through this seam, so tests can record what it would run.
/// </summary>
public interface ISlurmShell
{
    /// <summary>Where commands run, for messages ("this machine", "ssh login.cluster").</summary>
    string Where { get; }

    /// <summary>Runs one command (program and arguments, never a shell string) and returns what it printed.</summary>
    /// <param name="standardInput">Text for its standard input (<c>sbatch</c> reads the script from it); null for none.</param>
    Task<ShellResult> RunAsync(IReadOnlyList<string> command, string? standardInput, CancellationToken cancellationToken);

    /// <summary>
    /// Copies a local directory's contents to a directory on the cluster that must not exist yet, so that a directory
    /// that exists is always complete (it is copied beside and renamed into place).
    /// </summary>
    Task CopyDirectoryAsync(string localDirectory, string clusterDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a local copy of a cluster directory up to date (the tool reads records from it when the shared directory
    /// is on a remote login node). Files only grow there, so the copy's existing bytes stay valid.
    /// </summary>
    Task PullDirectoryAsync(string clusterDirectory, string localDirectory, CancellationToken cancellationToken);
}

/// <summary>What a command printed, and how it ended.</summary>
public sealed record ShellResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A process to start: program and arguments, passed as an argument list (no shell in between).</summary>
public sealed record ShellCommand(string Program, IReadOnlyList<string> Arguments)
{
    public override string ToString() => ShellQuoting.Join([Program, .. Arguments]);
}
