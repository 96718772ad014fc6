using Experiments.Backends.Container;

namespace Experiments.Backends.Cloud;

/// <summary>
/// The package of every cloud backend: the app published as a container image (<see cref="ContainerPublisher"/>),
/// carrying the object stores its worker needs (<c>-p:ExperimentsCloudStores=true</c>).
/// </summary>
public static class CloudPackaging
{
    public static Task<PreparedPackage> PrepareAsync(
        PackageRequest request, ContainerImageOptions image, IRegistryCredentials credentials, CancellationToken cancellationToken, Action<string>? log = null) =>
        ContainerPublisher.PublishAsync(request, image, credentials, cancellationToken, log ?? request.Progress);
}
