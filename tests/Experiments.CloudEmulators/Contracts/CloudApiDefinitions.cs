using System.Collections.Concurrent;
using System.Text.Json;
using System.Reflection;

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

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    private static JsonDocument Parse(string fileName)
    {
        var path = PathOf(fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The API definition {fileName} is missing from {Directory}.", path);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
    }

    /// <summary>The directory holding Experiments.sln: above the assembly, as recorded by the build, or above the
    /// working directory.</summary>
    private static string? RepositoryRoot()
    {
        var fromBuild = typeof(CloudApiDefinitions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        var candidates = Ancestors(AppContext.BaseDirectory)
            .Concat(fromBuild is null ? [] : [fromBuild])
            .Concat(Ancestors(System.IO.Directory.GetCurrentDirectory()));
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "Experiments.sln")));
    }

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            yield return dir.FullName;
    }

    private static string Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var root = RepositoryRoot();
        var besideRepo = root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "cloud-api"));
        if (!string.IsNullOrEmpty(fromEnv) && System.IO.Directory.Exists(fromEnv))
            return Path.GetFullPath(fromEnv);
        if (besideRepo is not null && System.IO.Directory.Exists(besideRepo))
            return besideRepo;
        throw new DirectoryNotFoundException(
            $"Cannot find the cloud API definitions: ${EnvironmentVariable} is {(string.IsNullOrEmpty(fromEnv) ? "not set" : $"'{fromEnv}', which does not exist")}, "
            + $"and {besideRepo ?? "<repository>/../shared/cloud-api"} does not exist. Set {EnvironmentVariable} to the directory holding {AzureBatchFile} and the others.");
    }
}
