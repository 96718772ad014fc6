namespace Experiments.Backends.Slurm;

/// <summary>
/// The layout of the shared directory on the cluster: <c>packages/{id}</c> (one self-contained app per package id,
/// shared by every run of that build) and <c>runs/{runId}</c> (the run's plan and its store: <c>records/</c>, <c>logs/</c>,
/// <c>scripts/</c>). Cluster paths are always '/'-separated, whatever this machine uses.
/// </summary>
public sealed record SlurmPaths(string SharedDirectory)
{
    public string Packages => Join(SharedDirectory, "packages");

    public string Package(string packageId) => Join(Packages, packageId);

    /// <summary>The self-contained app's own executable (the apphost) inside its package.</summary>
    public string Executable(string packageId, string assemblyName) => Join(Package(packageId), assemblyName);

    /// <summary>The run's store: workers append to <c>records/</c>; Slurm writes task output to <c>logs/</c>.</summary>
    public string Run(string runId) => Join(Join(SharedDirectory, "runs"), runId);

    public string Plan(string runId) => Join(Run(runId), "plan.json");

    public string Logs(string runId) => Join(Run(runId), "logs");

    public string Scripts(string runId) => Join(Run(runId), "scripts");

    public string Script(string runId, ArrayChunk chunk) => Join(Scripts(runId), $"tasks-{chunk.Offset}-{chunk.LastTask}.sbatch");

    private static string Join(string directory, string name) => directory.TrimEnd('/') + "/" + name;
}
