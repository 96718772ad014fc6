namespace Experiments.Backends.Slurm;

/// <summary>The <c>slurm</c> config section is wrong: a user mistake, reported without a stack trace.</summary>
public sealed class SlurmOptionsException(IReadOnlyList<string> problems) : BackendSettingsException("slurm", problems);
