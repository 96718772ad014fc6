namespace Experiments.Backends.Slurm;

/// <summary>Slurm's commands are on this machine (a login node, or the test cluster); the shared directory is local too.</summary>
public sealed class LocalSlurmShell : ProcessShell
{
    public override string Where => "this machine";

    protected override string? CopyHost => null;

    protected override ShellCommand Wrap(IReadOnlyList<string> command) => new(command[0], command.Skip(1).ToArray());
}
