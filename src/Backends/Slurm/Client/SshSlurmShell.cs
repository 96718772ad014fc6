namespace Experiments.Backends.Slurm;

/// <summary>Slurm is on a login node reached with the user's own ssh config (<c>slurm.host</c>); keys and jumps are theirs.</summary>
public sealed class SshSlurmShell(string host) : ProcessShell
{
    public string Host { get; } = host;

    public override string Where => $"ssh {Host}";

    protected override string? CopyHost => Host;

    protected override ShellCommand Wrap(IReadOnlyList<string> command) => SlurmShellCommands.Ssh(Host, command);
}
