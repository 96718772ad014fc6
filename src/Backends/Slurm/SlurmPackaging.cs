using Experiments.Backends.Publishing;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Gets the app onto the cluster: published self-contained for linux-x64 (nodes need no .NET), and copied to
/// <c>packages/{id}</c> only when no earlier run put that very build there.
/// </summary>
internal static class SlurmPackaging
{
    public static async Task<PreparedPackage> PrepareAsync(
        PackageRequest request, ISlurmShell shell, SlurmPaths paths, CancellationToken cancellationToken)
    {
        var published = await SelfContainedPublisher.PublishAsync(request, SelfContainedPublisher.LinuxX64, [], cancellationToken).ConfigureAwait(false);
        var clusterDirectory = paths.Package(published.PackageId);
        if (!await shell.DirectoryExistsAsync(clusterDirectory, cancellationToken).ConfigureAwait(false))
            await shell.CopyDirectoryAsync(published.Directory, clusterDirectory, cancellationToken).ConfigureAwait(false);
        return new PreparedPackage(published.PackageId, clusterDirectory, published.AssemblyName);
    }
}
