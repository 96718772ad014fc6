using System.Globalization;
using Experiments.Backends.Container;
using Experiments.Stores.Azure;

namespace Experiments.Backends.AzureBatch;

/// <summary>The <c>azure-batch</c> settings, bound by <see cref="AzureBatchConfig"/>; <see cref="Problems"/> names each bad key.</summary>
public sealed record AzureBatchOptions
{
    public const int DefaultMaxTaskRetryCount = 1;
    public const int DefaultConcurrentChunks = 4;
    public const int MaxConcurrentChunks = 32;
    public const int MaxTaskRetryLimit = 100;

    /// <summary>The Batch account URL: <c>https://{account}.{region}.batch.azure.com</c> (an emulator's in tests).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Where the image goes (<c>registry</c>, <c>repository</c>, <c>baseImage</c>, <c>plainHttpRegistry</c>).</summary>
    public ContainerImageOptions Image { get; init; } = new();

    /// <summary>The result store root: <c>https://{account}.blob.core.windows.net/{container}/{prefix}</c>; runs go under <c>runs/{id}</c>.</summary>
    public Uri? Store { get; init; }

    /// <summary>An existing pool with container support; exclusive with <see cref="AutoPool"/>.</summary>
    public string? PoolId { get; init; }

    /// <summary>A pool made for each job and deleted with it; exclusive with <see cref="PoolId"/>.</summary>
    public AutoPoolOptions? AutoPool { get; init; }

    /// <summary>The ARM resource id of the user-assigned identity the pool pulls from ACR with; null for a public registry.</summary>
    public string? RegistryIdentity { get; init; }

    /// <summary>Retries of a task that exits non-zero (Batch's <c>maxTaskRetryCount</c>).</summary>
    public int MaxTaskRetryCount { get; init; } = DefaultMaxTaskRetryCount;

    /// <summary>Task_AddCollection calls in flight at once.</summary>
    public int ConcurrentChunks { get; init; } = DefaultConcurrentChunks;

    public IReadOnlyList<string> Problems(string section)
    {
        string Key(string name) => $"{section}.{name}";
        var problems = new List<string>();
        if (Endpoint is null)
            problems.Add($"{Key("endpoint")} is required: the Batch account URL from the account's Overview page, e.g. https://myaccount.westeurope.batch.azure.com.");
        else if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttps && !(Endpoint.Scheme == Uri.UriSchemeHttp && Endpoint.IsLoopback))
            problems.Add($"{Key("endpoint")} must be an https URL such as https://myaccount.westeurope.batch.azure.com (http only for a local emulator), not {Endpoint}.");

        problems.AddRange(Image.Problems(section));

        if (Store is null)
            problems.Add($"{Key("store")} is required: the Blob Storage location results go to, e.g. https://myaccount.blob.core.windows.net/experiments/results.");
        else if (StoreProblem(Store) is { } storeProblem)
            problems.Add($"{Key("store")}: {storeProblem}");

        if (PoolId is null == AutoPool is null)
            problems.Add($"{section} needs exactly one of {Key("poolId")} (an existing pool with container support) and {Key("autoPool")} (a pool made for each run and deleted with it).");
        if (PoolId is not null && !AzureBatchIds.IsValid(PoolId))
            problems.Add($"{Key("poolId")} '{PoolId}' is not a pool id: 1–64 letters, digits, hyphens and underscores.");
        if (AutoPool is not null)
            problems.AddRange(AutoPool.Problems(Key("autoPool")));

        if (RegistryIdentity is not null && !RegistryIdentity.Contains("/providers/Microsoft.ManagedIdentity/userAssignedIdentities/", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{Key("registryIdentity")} must be the ARM resource id of a user-assigned identity: /subscriptions/…/resourceGroups/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME.");
        if (MaxTaskRetryCount is < 0 or > MaxTaskRetryLimit)
            problems.Add($"{Key("maxTaskRetryCount")} must be 0 to {MaxTaskRetryLimit} (retries of a task that exits non-zero), not {MaxTaskRetryCount.ToString(CultureInfo.InvariantCulture)}.");
        if (ConcurrentChunks is < 1 or > MaxConcurrentChunks)
            problems.Add($"{Key("concurrentChunks")} must be 1 to {MaxConcurrentChunks} (task collections sent at once), not {ConcurrentChunks.ToString(CultureInfo.InvariantCulture)}.");
        return problems;
    }

    private static string? StoreProblem(Uri store)
    {
        if (!store.IsAbsoluteUri || store.Scheme is not ("https" or "http"))
            return $"'{store}' is not a Blob Storage location; expected https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX.";
        try
        {
            AzureBlobLocation.Parse(store);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}

/// <summary>The <c>autoPool</c> object: the pool Batch makes for each job (<c>poolLifetimeOption: job</c>).</summary>
public sealed record AutoPoolOptions
{
    public const string DefaultNodeAgentSkuId = "batch.node.ubuntu 22.04";

    /// <summary>A VM size such as <c>Standard_D4s_v3</c>.</summary>
    public string VmSize { get; init; } = "";

    /// <summary>Dedicated nodes.</summary>
    public int NodeCount { get; init; }

    /// <summary>Spot (low-priority) nodes.</summary>
    public int LowPriorityNodeCount { get; init; }

    /// <summary>Tasks one node runs at once (1–256); usually its cores.</summary>
    public int TaskSlotsPerNode { get; init; } = 1;

    public string NodeAgentSkuId { get; init; } = DefaultNodeAgentSkuId;

    /// <summary>A marketplace image with a container runtime (the default: Microsoft's Ubuntu 22.04 HPC image).</summary>
    public string Publisher { get; init; } = "microsoft-dsvm";

    public string Offer { get; init; } = "ubuntu-hpc";

    public string Sku { get; init; } = "2204";

    public string Version { get; init; } = "latest";

    /// <summary>Task slots the whole pool has, to size tasks.</summary>
    public int Slots => (NodeCount + LowPriorityNodeCount) * TaskSlotsPerNode;

    public IReadOnlyList<string> Problems(string prefix)
    {
        string Key(string name) => $"{prefix}.{name}";
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(VmSize))
            problems.Add($"{Key("vmSize")} is required: a VM size such as Standard_D4s_v3.");
        if (NodeCount < 0)
            problems.Add($"{Key("nodeCount")} must be 0 or more, not {NodeCount.ToString(CultureInfo.InvariantCulture)}.");
        if (LowPriorityNodeCount < 0)
            problems.Add($"{Key("lowPriorityNodeCount")} must be 0 or more, not {LowPriorityNodeCount.ToString(CultureInfo.InvariantCulture)}.");
        if (NodeCount <= 0 && LowPriorityNodeCount <= 0)
            problems.Add($"{Key("nodeCount")} or {Key("lowPriorityNodeCount")} must be at least 1: the pool needs nodes.");
        if (TaskSlotsPerNode is < 1 or > 256)
            problems.Add($"{Key("taskSlotsPerNode")} must be 1 to 256, not {TaskSlotsPerNode.ToString(CultureInfo.InvariantCulture)}.");
        foreach (var (name, value) in new[] { ("nodeAgentSkuId", NodeAgentSkuId), ("imageReference.publisher", Publisher), ("imageReference.offer", Offer), ("imageReference.sku", Sku), ("imageReference.version", Version) })
        {
            if (string.IsNullOrWhiteSpace(value))
                problems.Add($"{Key(name)} must not be empty; leave it out for the default.");
        }
        return problems;
    }
}
