namespace Experiments.Backends.Slurm;

/// <summary>A Slurm command answered with something this backend cannot read; the message quotes it verbatim.</summary>
public sealed class SlurmOutputException(string command, string output, string what)
    : Exception($"Could not read the output of {command}: {what}. It printed:{Environment.NewLine}{output}")
{
    public string Command { get; } = command;

    public string Output { get; } = output;
}
