namespace Experiments.Backends.Container;

/// <summary>
/// Where a cloud backend's container image goes and what it is built on. The cloud backends bind these from their own
/// config section (<c>aws.registry</c>, <c>azure.registry</c>, …), so messages name keys under a prefix they pass in.
/// The tag is not configurable: it is always the package id, which is what lets an image already pushed be reused.
/// </summary>
public sealed record ContainerImageOptions
{
    /// <summary>The base image when none is configured: the runtime's native dependencies only, as the app is self-contained.</summary>
    public const string DefaultBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0";

    /// <summary>
    /// The registry host with its port, if any: <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>,
    /// <c>myregistry.azurecr.io</c>, <c>europe-west1-docker.pkg.dev</c>, <c>127.0.0.1:5000</c>.
    /// </summary>
    public string Registry { get; init; } = "";

    /// <summary>The repository in that registry: <c>experiments/phase-transition</c> (for Artifact Registry, <c>PROJECT/REPOSITORY/IMAGE</c>).</summary>
    public string Repository { get; init; } = "";

    /// <summary>The image the app is layered on; it must hold glibc, libstdc++, libgcc_s and OpenSSL for linux-x64.</summary>
    public string BaseImage { get; init; } = DefaultBaseImage;

    /// <summary>True when the registry speaks plain HTTP (a test registry); cloud registries are always HTTPS.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>
    /// Every problem with these settings, each naming the key (as <c>{keyPrefix}.{key}</c>), what was wrong and what is valid.
    /// </summary>
    /// <param name="keyPrefix">The config section the options were read from, e.g. <c>aws</c>; empty for bare key names.</param>
    public IReadOnlyList<string> Problems(string keyPrefix)
    {
        var problems = new List<string>();
        string Key(string name) => string.IsNullOrEmpty(keyPrefix) ? name : $"{keyPrefix}.{name}";

        if (string.IsNullOrWhiteSpace(Registry))
        {
            problems.Add($"{Key("registry")} is required: the registry host the image is pushed to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com, "
                + "myregistry.azurecr.io or europe-west1-docker.pkg.dev.");
        }
        else if (ImageReference.RegistryProblem(Registry) is { } registryProblem)
        {
            problems.Add($"{Key("registry")}: {registryProblem}");
        }

        if (string.IsNullOrWhiteSpace(Repository))
            problems.Add($"{Key("repository")} is required: the repository the image is pushed to, lowercase, e.g. experiments/phase-transition.");
        else if (ImageReference.RepositoryProblem(Repository) is { } repositoryProblem)
            problems.Add($"{Key("repository")}: {repositoryProblem}");

        if (!ImageReference.TryParse(BaseImage, out _, out var baseProblem))
            problems.Add($"{Key("baseImage")}: {baseProblem} Leave it out for {DefaultBaseImage}.");
        return problems;
    }

    /// <summary>Throws <see cref="ContainerImageOptionsException"/> listing every problem, if there are any.</summary>
    public ContainerImageOptions Validated(string keyPrefix)
    {
        var problems = Problems(keyPrefix);
        return problems.Count == 0 ? this : throw new ContainerImageOptionsException(problems);
    }

    /// <summary>The image for one package: <c>{Registry}/{Repository}:{packageId}</c>.</summary>
    public ImageReference ImageFor(string packageId) => ImageReference.Create(Registry, Repository, packageId);

    /// <summary>The base image, parsed.</summary>
    public ImageReference ParsedBaseImage => ImageReference.Parse(BaseImage);
}
