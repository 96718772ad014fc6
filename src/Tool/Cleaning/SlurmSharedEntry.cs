namespace Experiments.Tool.Cleaning;

/// <summary>One run or package folder in a Slurm shared directory, as <see cref="SlurmSharedDirectory"/> lists it.</summary>
/// <param name="Path">The folder, as a path on the cluster.</param>
/// <param name="Name">The run id or package id (the folder's name).</param>
/// <param name="IsRun">A <c>runs/{id}</c> folder; otherwise a <c>packages/{id}</c> one.</param>
/// <param name="Bytes">Its size on disk.</param>
/// <param name="ModifiedAt">The folder's modification time: when a package was copied, when a run last gained a file.</param>
/// <param name="Packages">For a run, the package ids its sbatch scripts start: the packages it needs.</param>
public sealed record SlurmSharedEntry(string Path, string Name, bool IsRun, long Bytes, DateTimeOffset ModifiedAt, IReadOnlyList<string> Packages);
