namespace Experiments.Backends.Slurm;

/// <summary>The Slurm commands the backend runs, as argument lists for <see cref="ISlurmShell.RunAsync"/>.</summary>
public static class SlurmCommands
{
    /// <summary>Submits a script already written to the shared directory (kept there, so a failed task can be read again).</summary>
    public static IReadOnlyList<string> Sbatch(string scriptPath) => ["sbatch", "--parsable", scriptPath];

    /// <summary>One squeue for every array: never one call per task, which would load the controller.</summary>
    public static IReadOnlyList<string> Squeue(IReadOnlyList<string> jobIds) => ["squeue", .. SqueueOutput.Arguments(NonEmpty(jobIds))];

    public static IReadOnlyList<string> Sacct(IReadOnlyList<string> jobIds) => ["sacct", .. SacctOutput.Arguments(NonEmpty(jobIds))];

    /// <summary>Cancels whole arrays: running tasks get SIGTERM (the worker records its point as cancelled), pending ones never start.</summary>
    public static IReadOnlyList<string> Scancel(IReadOnlyList<string> jobIds) => ["scancel", .. NonEmpty(jobIds)];

    public static IReadOnlyList<string> ShowConfig { get; } = ["scontrol", .. ScontrolConfig.Arguments];

    private static IReadOnlyList<string> NonEmpty(IReadOnlyList<string> jobIds) =>
        jobIds.Count > 0 ? jobIds : throw new ArgumentException("At least one job id is needed.", nameof(jobIds));
}
