using Experiments.Stores.Azure;
using Experiments.TestSupport.Services;

namespace Experiments.Stores.Tests.Support;

/// <summary>Azurite's Blob service on 127.0.0.1:10000 (tests/Cloud/azurite.sh) with its well-known development account.</summary>
public static class Azurite
{
    public const string AccountEndpoint = "http://127.0.0.1:10000/devstoreaccount1";

    /// <summary>Skips (or fails in CI) when Azurite does not answer.</summary>
    public static async Task RequireAsync()
    {
        var reason = await ServiceProbe.HttpAsync($"{AccountEndpoint}?comp=list");
        RequiredService.Require("Azurite", reason, "sudo tests/Cloud/azurite.sh");
    }

    /// <summary>A new, empty container of its own for one test.</summary>
    public static async Task<string> NewContainerAsync()
    {
        var container = "exp-" + Guid.NewGuid().ToString("N")[..16];
        using var store = Open(container, "");
        await store.CreateContainerIfMissingAsync(CancellationToken.None);
        return container;
    }

    public static Uri Location(string container, string prefix) =>
        new(prefix.Length == 0 ? $"{AccountEndpoint}/{container}" : $"{AccountEndpoint}/{container}/{prefix}");

    public static AzureBlobObjectStore Open(string container, string prefix, int? pageSize = null, ObjectStoreOptions? options = null) =>
        new(AzureBlobLocation.Parse(Location(container, prefix)), (options ?? new ObjectStoreOptions { Environment = _ => null }) with { PageSize = pageSize });
}
