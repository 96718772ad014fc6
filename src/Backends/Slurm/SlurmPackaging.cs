using Experiments.Backends.Publishing;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Gets the app onto the cluster: published self-contained for linux-x64 (nodes need no .NET), and copied to
/// <c>packages/{id}</c> only when no earlier run put that very build there.
/// </summary>
internal static class SlurmPackaging
{
    public static async Task<PreparedPackage> PrepareAsync(
        PackageRequest request, ISlurmShell shell, SlurmPaths paths, string? host, CancellationToken cancellationToken)
    {
        var published = await SelfContainedPublisher.PublishAsync(request, SelfContainedPublisher.LinuxX64, [], cancellationToken).ConfigureAwait(false);
        var clusterDirectory = paths.Package(published.PackageId);
        var shown = host is null ? clusterDirectory : $"{host}:{clusterDirectory}";
        if (await shell.DirectoryExistsAsync(clusterDirectory, cancellationToken).ConfigureAwait(false))
        {
            request.Progress?.Invoke($"package {published.PackageId} already in {shown}; not copied again");
        }
        else
        {
            request.Progress?.Invoke($"copying to {shown}…");
            await shell.CopyDirectoryAsync(published.Directory, clusterDirectory, cancellationToken).ConfigureAwait(false);
            request.Progress?.Invoke($"copying to {shown}… done");
        }
        return new PreparedPackage(published.PackageId, clusterDirectory, published.AssemblyName);
    }
}
