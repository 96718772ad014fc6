using System.Collections.Concurrent;
using System.Text.Json;
using Experiments.TestSupport;

namespace Experiments.CloudEmulators.Contracts;

/// <summary>
/// The official API definitions (read-only upstream copies) the contracts are checked against. They are read from
/// their shared location at run time and never copied into the repository.
/// </summary>
public static class CloudApiDefinitions
{
    public const string EnvironmentVariable = "EXPERIMENTS_CLOUD_API_DIR";
    public const string AwsBatchFile = "aws-batch-2016-08-10.service-2.json";
    public const string AwsBatchExamplesFile = "aws-batch-2016-08-10.examples-1.json";
    public const string AzureBatchFile = "azure-batch-2024-02-01.19.0.json";
    public const string GoogleBatchFile = "google-batch-v1.json";
    public const string GoogleStorageFile = "google-storage-v1.json";

    private static readonly Lazy<string> DirectoryLazy = new(Find);
    private static readonly ConcurrentDictionary<string, Lazy<JsonDocument>> Documents = new(StringComparer.Ordinal);

    /// <summary>The directory holding the definitions: <c>$EXPERIMENTS_CLOUD_API_DIR</c>, else
    /// <c>&lt;repository&gt;/../shared/cloud-api</c>.</summary>
    public static string Directory => DirectoryLazy.Value;

    /// <summary>The parsed file, loaded once per process.</summary>
    public static JsonDocument Load(string fileName) =>
        Documents.GetOrAdd(fileName, name => new Lazy<JsonDocument>(() => Parse(name), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The full path of one definition file.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    private static JsonDocument Parse(string fileName)
    {
        var path = PathOf(fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The API definition {fileName} is missing from {Directory}.", path);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
    }

    private static string? RepositoryRoot()
    {
        try
        {
            return RepositoryPaths.Root;
        }
        catch (InvalidOperationException)
        {
            return null; // only the environment variable can say where the definitions are
        }
    }

    private static string Find() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), RepositoryRoot());

    /// <summary>Where the definitions are, given <c>$EXPERIMENTS_CLOUD_API_DIR</c> and the repository root (either may
    /// be null): a set variable must name an existing directory; otherwise <c>&lt;root&gt;/../shared/cloud-api</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither place holds the definitions; the message names both.</exception>
    public static string Locate(string? environmentValue, string? repositoryRoot)
    {
        var besideRepo = repositoryRoot is null ? null : Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "cloud-api"));
        if (!string.IsNullOrEmpty(environmentValue))
        {
            if (System.IO.Directory.Exists(environmentValue))
                return Path.GetFullPath(environmentValue);
            throw new DirectoryNotFoundException(
                $"${EnvironmentVariable} is '{environmentValue}', which does not exist. Point it at the directory holding {AzureBatchFile} and the other definitions, "
                + $"or unset it to use {besideRepo ?? "<repository>/../shared/cloud-api"}.");
        }
        if (besideRepo is not null && System.IO.Directory.Exists(besideRepo))
            return besideRepo;
        throw new DirectoryNotFoundException(
            $"Cannot find the cloud API definitions: ${EnvironmentVariable} is not set and {besideRepo ?? "<repository>/../shared/cloud-api (no repository root found)"} does not exist. "
            + $"Set {EnvironmentVariable} to the directory holding {AzureBatchFile} and the other definitions.");
    }
}
