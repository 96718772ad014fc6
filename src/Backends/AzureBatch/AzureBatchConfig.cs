using System.Text.Json;
using Experiments.Backends.Configuration;
using Experiments.Backends.Container;

namespace Experiments.Backends.AzureBatch;

/// <summary>The <c>azure-batch</c> section of the experiments config file: binding, and the commented template <c>init</c> writes.</summary>
public static class AzureBatchConfig
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "endpoint", "registry", "repository", "baseImage", "plainHttpRegistry", "store",
        "poolId", "autoPool", "registryIdentity", "maxTaskRetryCount", "concurrentChunks",
    ];

    public static IReadOnlyList<string> AutoPoolKeys { get; } =
        ["vmSize", "nodeCount", "lowPriorityNodeCount", "taskSlotsPerNode", "nodeAgentSkuId", "imageReference"];

    public static IReadOnlyList<string> ImageReferenceKeys { get; } = ["publisher", "offer", "sku", "version"];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Reads and checks the section; throws <see cref="ConfigException"/> naming the file and every bad key. The nested
    /// <c>autoPool</c> object is read from the section's file, as <see cref="ConfigSection"/> reads flat values only.
    /// </summary>
    public static AzureBatchOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Bind(section, SectionElement(section));
    }

    /// <summary>Binds a section whose JSON is at hand (<paramref name="element"/> is the section's object).</summary>
    public static AzureBatchOptions Bind(ConfigSection section, JsonElement? element)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.CheckKeys(Keys);
        var nestedProblems = new List<string>();
        var pool = default(JsonElement);
        var hasAutoPool = element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("autoPool", out pool) && pool.ValueKind != JsonValueKind.Null;
        var autoPool = hasAutoPool ? BindAutoPool(new ConfigSection(section.File, section.Key("autoPool"), pool), pool, nestedProblems) : null;
        var options = new AzureBatchOptions
        {
            Endpoint = AbsoluteUri(section, "endpoint", nestedProblems),
            Image = new ContainerImageOptions
            {
                Registry = section.String("registry") ?? "",
                Repository = section.String("repository") ?? "",
                BaseImage = section.String("baseImage") ?? ContainerImageOptions.DefaultBaseImage,
                PlainHttp = section.Bool("plainHttpRegistry") ?? false,
            },
            Store = AbsoluteUri(section, "store", nestedProblems),
            PoolId = section.String("poolId"),
            AutoPool = autoPool,
            RegistryIdentity = section.String("registryIdentity"),
            MaxTaskRetryCount = section.Int("maxTaskRetryCount") ?? AzureBatchOptions.DefaultMaxTaskRetryCount,
            ConcurrentChunks = section.Int("concurrentChunks") ?? AzureBatchOptions.DefaultConcurrentChunks,
        };
        var autoPoolKey = section.Key("autoPool");
        var valueProblems = options.Problems(section.Name)
            // autoPool's own problems came from its binding, which knows which of its keys had the wrong type.
            .Where(p => !p.StartsWith(autoPoolKey + ".", StringComparison.Ordinal))
            // An autoPool that is present but not an object is reported as such, not as "needs poolId or autoPool".
            .Where(p => !(hasAutoPool && autoPool is null && p.Contains(autoPoolKey + " (", StringComparison.Ordinal)))
            // A URL that did not parse is reported once, not again as "required".
            .Where(p => !nestedProblems.Any(n => n.StartsWith(FirstWord(p) + " ", StringComparison.Ordinal)));
        section.ThrowIfProblems(nestedProblems.Concat(section.Unreported(valueProblems)));
        return options;
    }

    private static AutoPoolOptions? BindAutoPool(ConfigSection pool, JsonElement element, List<string> problems)
    {
        pool.CheckKeys(AutoPoolKeys);
        var defaults = new AutoPoolOptions();
        ConfigSection? image = null;
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("imageReference", out var reference) && reference.ValueKind != JsonValueKind.Null)
        {
            image = new ConfigSection(pool.File, pool.Key("imageReference"), reference);
            image.CheckKeys(ImageReferenceKeys);
        }
        var options = new AutoPoolOptions
        {
            VmSize = pool.String("vmSize") ?? "",
            NodeCount = pool.Int("nodeCount") ?? 0,
            LowPriorityNodeCount = pool.Int("lowPriorityNodeCount") ?? 0,
            TaskSlotsPerNode = pool.Int("taskSlotsPerNode") ?? defaults.TaskSlotsPerNode,
            NodeAgentSkuId = pool.String("nodeAgentSkuId") ?? defaults.NodeAgentSkuId,
            Publisher = image?.String("publisher") ?? defaults.Publisher,
            Offer = image?.String("offer") ?? defaults.Offer,
            Sku = image?.String("sku") ?? defaults.Sku,
            Version = image?.String("version") ?? defaults.Version,
        };
        problems.AddRange(pool.Problems);
        if (image is not null)
            problems.AddRange(image.Problems);
        // Problems are named from the section's own prefix (azure-batch.autoPool.…), so they read the same as the top level's.
        var own = options.Problems(pool.Name).ToList();
        problems.AddRange(pool.Unreported(own));
        return element.ValueKind == JsonValueKind.Object ? options : null;
    }

    private static string FirstWord(string text) => text.Split(' ', 2)[0].TrimEnd(':');

    private static Uri? AbsoluteUri(ConfigSection section, string key, List<string> problems)
    {
        var text = section.String(key);
        if (text is null)
            return null;
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            return uri;
        problems.Add($"{section.Key(key)} must be an absolute https URL, not \"{text}\".");
        return null;
    }

    /// <summary>The section's JSON from its file; null when the file cannot be read (the flat keys still bind).</summary>
    private static JsonElement? SectionElement(ConfigSection section)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(section.File), ReadOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(section.Name, out var element)
                ? element.Clone()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The section <c>dotnet experiment init --backend azure-batch</c> adds (JSON with comments, which the tool reads).</summary>
    public const string Template = """
  "azure-batch": {
    // Required: the Batch account URL (the account's Overview page in the portal). Credentials are never written here:
    // the tool signs in with DefaultAzureCredential (az login, a managed identity, AZURE_CLIENT_ID/SECRET/TENANT_ID…),
    // or uses the account key when AZURE_BATCH_ACCOUNT_KEY is set in the environment.
    "endpoint": "https://CHANGE-ME.westeurope.batch.azure.com",

    // Required: where the app's container image is pushed (tag = package id; an image already there is reused).
    // An Azure Container Registry is logged in to with your Entra ID identity.
    "registry": "CHANGE-ME.azurecr.io",
    "repository": "experiments/my-sweeps",
    // "baseImage": "mcr.microsoft.com/dotnet/runtime-deps:10.0",
    // "plainHttpRegistry": false,  // true only for a test registry that speaks plain HTTP

    // Required: the Blob Storage location for results (each run under runs/<run-id>/), without a SAS: this file is
    // usually committed. The tool reads it with AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_KEY from your environment;
    // tasks never get those: they write with the pool's managed identity (Storage Blob Data Contributor on the container;
    // set AZURE_CLIENT_ID in the pool's environment for a user-assigned one).
    "store": "https://CHANGE-ME.blob.core.windows.net/experiments/results",

    // Exactly one of: an existing pool whose nodes have container support...
    "poolId": "experiments",
    // ...or a pool made for each run and deleted with its job:
    // "autoPool": {
    //   "vmSize": "Standard_D4s_v3",
    //   "nodeCount": 2,                 // dedicated nodes
    //   "lowPriorityNodeCount": 0,      // spot nodes
    //   "taskSlotsPerNode": 4,          // tasks per node at once; a task of an [Experiment(Cpus = n)] takes n slots
    //   "nodeAgentSkuId": "batch.node.ubuntu 22.04",
    //   "imageReference": { "publisher": "microsoft-dsvm", "offer": "ubuntu-hpc", "sku": "2204", "version": "latest" }
    // },
    // Memory and GPUs come from the pool's VM size; Batch has no per-task memory or GPU request.

    // The user-assigned identity (ARM resource id) the pool pulls the image from ACR with; leave out for a public registry.
    // "registryIdentity": "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME",

    // Retries of a task whose worker exits non-zero (a lost node, a crash); finished points are not run again.
    // "maxTaskRetryCount": 1,

    // Task collections (up to 100 tasks each) sent at once while submitting.
    // "concurrentChunks": 4
  }
""";
}
