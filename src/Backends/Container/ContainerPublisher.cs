using Experiments.Backends.Publishing;

namespace Experiments.Backends.Container;

/// <summary>
/// Ships the experiment app as an OCI image for the cloud backends: published self-contained for linux-x64 with the
/// SDK's own container support (<c>-t:PublishContainer</c>), tagged with the package id and pushed to the configured
/// registry. The image's entry point is the app's apphost, whose generated Main runs the worker when the job's
/// environment holds <c>EXPERIMENTS_PLAN</c> (docs/internals.md, Worker), so the image needs nothing else.
/// </summary>
public static class ContainerPublisher
{
    /// <summary>The runtime the images are built for: the cloud batch services run linux/amd64 hosts.</summary>
    public const string RuntimeIdentifier = SelfContainedPublisher.LinuxX64;

    /// <summary>
    /// MSBuild properties of every image's publish: the worker in a cloud task reads its plan and writes its records
    /// through object storage, so the image carries <c>Experiments.Stores</c>.
    /// </summary>
    public static IReadOnlyList<string> PublishProperties { get; } = ["ExperimentsCloudStores=true"];

    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Publishes <paramref name="request"/>'s project as <c>{registry}/{repository}:{package id}</c>, unless the registry
    /// already has that tag: the same build gives the same id, so an image already pushed is reused as it is.
    /// </summary>
    /// <returns>The package: its id, the full image reference as its location, and the assembly (apphost) name.</returns>
    /// <exception cref="ContainerImageOptionsException">The options are not valid.</exception>
    /// <exception cref="RegistryException">The registry cannot be reached or refuses the login.</exception>
    /// <exception cref="PublishFailedException">dotnet publish failed; the message quotes the SDK's errors.</exception>
    public static async Task<PreparedPackage> PublishAsync(
        PackageRequest request, ContainerImageOptions options, IRegistryCredentials credentials, CancellationToken cancellationToken,
        Action<string>? log = null)
    {
        options.Validated(keyPrefix: "");
        var published = await SelfContainedPublisher.PublishAsync(request, RuntimeIdentifier, PublishProperties, cancellationToken).ConfigureAwait(false);
        var image = options.ImageFor(published.PackageId);

        using var http = new HttpClient { Timeout = RegistryTimeout };
        var registry = new RegistryClient(http, credentials, options.PlainHttp);
        if (await registry.TagExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            log?.Invoke($"image {image} already in the registry; not built or pushed again");
            return new PreparedPackage(published.PackageId, image.ToString(), published.AssemblyName);
        }

        log?.Invoke($"publishing image {image} (base {options.BaseImage})");
        var login = await credentials.GetLoginAsync(image.Registry, cancellationToken).ConfigureAwait(false);
        var project = request.ProjectFile!; // SelfContainedPublisher has checked it.
        List<string> publishOptions =
        [
            "-c", request.Configuration, "-r", RuntimeIdentifier, "--self-contained", "-nologo",
            "-t:PublishContainer",
            $"-p:ContainerRegistry={image.Registry}",
            $"-p:ContainerRepository={image.Repository}",
            $"-p:ContainerImageTag={image.Tag}",
            $"-p:ContainerBaseImage={options.BaseImage}",
            .. PublishProperties.Select(p => $"-p:{p}"),
        ];
        try
        {
            await DotnetPublish.RunAsync(project, publishOptions, PublishEnvironment(options, image, login), cancellationToken).ConfigureAwait(false);
        }
        catch (PublishFailedException e)
        {
            throw new PublishFailedException(Redacted(e.Message, login) + Environment.NewLine + WhatToCheck(options, image));
        }

        if (!await registry.TagExistsAsync(image, cancellationToken).ConfigureAwait(false))
            throw new RegistryException($"dotnet publish reported pushing {image}, but the registry does not have that tag; check that {image.Registry} is the registry the SDK pushed to.");
        log?.Invoke($"pushed image {image}");
        return new PreparedPackage(published.PackageId, image.ToString(), published.AssemblyName);
    }

    /// <summary>
    /// The login travels only in the variables the SDK's container tasks read, never on the command line (where any
    /// user of the machine could see it) or in a message.
    /// </summary>
    internal static IReadOnlyDictionary<string, string?> PublishEnvironment(ContainerImageOptions options, ImageReference image, RegistryLogin? login)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (login is not null)
        {
            environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = login.UserName;
            environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = login.Password;
            environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = login.UserName;
            environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = login.Password;
            // A base image kept in the same registry (a mirror of runtime-deps) is pulled with the same login.
            if (string.Equals(options.ParsedBaseImage.Registry, image.Registry, StringComparison.OrdinalIgnoreCase))
            {
                environment["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = login.UserName;
                environment["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = login.Password;
            }
        }
        if (options.PlainHttp)
        {
            var inherited = Environment.GetEnvironmentVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES");
            environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = string.IsNullOrEmpty(inherited) ? image.Registry : $"{inherited};{image.Registry}";
        }
        return environment;
    }

    private static string Redacted(string text, RegistryLogin? login) =>
        login is null || login.Password.Length == 0 ? text : text.Replace(login.Password, "(hidden)", StringComparison.Ordinal);

    private static string WhatToCheck(ContainerImageOptions options, ImageReference image) =>
        $"Check that the base image {options.BaseImage} exists and can be pulled from this machine (it must be linux/amd64), "
        + $"that {image.Registry} accepts pushes to {image.Repository} with the login the cloud's credentials give"
        + (options.PlainHttp ? ", and that it speaks plain HTTP." : ", and that it speaks HTTPS (set the registry as plain HTTP only for a test registry).");
}
