namespace Experiments.Backends.Slurm;

/// <summary>What squeue or sacct said about one array task (or a whole job, when <see cref="ArrayIndex"/> is null).</summary>
/// <param name="JobId">The array job's id (as sbatch printed it).</param>
/// <param name="ArrayIndex">The array index; the plan task is this plus the chunk's offset.</param>
/// <param name="State">The normalized state.</param>
/// <param name="SlurmState">The state as Slurm printed it (<c>CANCELLED by 1000</c>), for messages.</param>
/// <param name="ExitCode">The batch script's exit code, when sacct tells (<c>1:0</c> → 1); null from squeue.</param>
/// <param name="Signal">The signal that ended it, when sacct tells (<c>0:9</c> → 9).</param>
public sealed record SlurmTaskReport(string JobId, int? ArrayIndex, TaskState State, string SlurmState, int? ExitCode = null, int? Signal = null);
