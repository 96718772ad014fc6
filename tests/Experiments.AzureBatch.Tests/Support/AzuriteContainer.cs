using Experiments.Stores;
using Experiments.Stores.Azure;
using Experiments.TestSupport.Services;

namespace Experiments.AzureBatch.Tests.Support;

/// <summary>Azurite's Blob service on 127.0.0.1:10000 (tests/Cloud/azurite.sh): a new container per test.</summary>
internal static class AzuriteContainer
{
    public const string AccountEndpoint = "http://127.0.0.1:10000/devstoreaccount1";

    /// <summary>Azurite's published development key (public, good for nothing but the local emulator).</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static ObjectStoreOptions StoreOptions { get; } = new() { Environment = name => name == "AZURE_STORAGE_KEY" ? DevelopmentKey : null };

    /// <summary>A SAS (query without '?') for the container of a store root: read, write and list for an hour, signed with the development key.</summary>
    public static string ContainerSas(Uri root)
    {
        var container = root.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
        var builder = new global::Azure.Storage.Sas.BlobSasBuilder
        {
            BlobContainerName = container,
            Resource = "c",
            ExpiresOn = DateTimeOffset.UtcNow.AddHours(1),
        };
        builder.SetPermissions(global::Azure.Storage.Sas.BlobContainerSasPermissions.Read | global::Azure.Storage.Sas.BlobContainerSasPermissions.Write
            | global::Azure.Storage.Sas.BlobContainerSasPermissions.List | global::Azure.Storage.Sas.BlobContainerSasPermissions.Create);
        return builder.ToSasQueryParameters(new global::Azure.Storage.StorageSharedKeyCredential("devstoreaccount1", DevelopmentKey)).ToString();
    }

    /// <summary>The root of a new, empty container's results prefix; skips (fails in CI) without Azurite.</summary>
    public static async Task<Uri> NewStoreRootAsync()
    {
        string? reason = null;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var _ = await http.GetAsync($"{AccountEndpoint}?comp=list");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            reason = e.Message;
        }
        RequiredService.Require("Azurite", reason, "sudo tests/Cloud/azurite.sh");
        var container = "azb-" + Guid.NewGuid().ToString("N")[..16];
        using (var store = new AzureBlobObjectStore(AzureBlobLocation.Parse(new Uri($"{AccountEndpoint}/{container}")), StoreOptions))
            await store.CreateContainerIfMissingAsync(CancellationToken.None);
        return new Uri($"{AccountEndpoint}/{container}/results");
    }
}
