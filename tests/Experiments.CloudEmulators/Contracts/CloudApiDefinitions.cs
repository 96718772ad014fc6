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

    /// <summary>The directory holding the definitions (see <see cref="Locate"/>).</summary>
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

    /// <summary>
    /// Where the machines of this project keep the shared definitions, for a clone that does not sit beside them (CI
    /// clones into a temporary folder).
    /// </summary>
    public static IReadOnlyList<string> WellKnownDirectories { get; } = ["/work/shared/cloud-api"];

    private static string Find() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), RepositoryRoot(), WellKnownDirectories);

    /// <summary>
    /// Where the definitions are: <c>$EXPERIMENTS_CLOUD_API_DIR</c> if set (it must exist); else the first
    /// <c>shared/cloud-api</c> beside the repository or one of its parent folders (<c>&lt;root&gt;/../shared/cloud-api</c>
    /// first); else the first of <paramref name="wellKnown"/> that exists.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No place holds the definitions; the message names every place tried.</exception>
    public static string Locate(string? environmentValue, string? repositoryRoot, IReadOnlyList<string>? wellKnown = null)
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
        var candidates = new List<string>();
        for (var folder = repositoryRoot is null ? null : new DirectoryInfo(Path.GetFullPath(repositoryRoot)).Parent; folder is not null; folder = folder.Parent)
            candidates.Add(Path.Combine(folder.FullName, "shared", "cloud-api"));
        candidates.AddRange(wellKnown ?? []);
        var found = candidates.FirstOrDefault(System.IO.Directory.Exists);
        if (found is not null)
            return found;
        throw new DirectoryNotFoundException(
            $"Cannot find the cloud API definitions: ${EnvironmentVariable} is not set and none of {(candidates.Count == 0 ? "<repository>/../shared/cloud-api (no repository root found)" : string.Join(", ", candidates))} exists. "
            + $"Set {EnvironmentVariable} to the directory holding {AzureBatchFile} and the other definitions.");
    }
}
