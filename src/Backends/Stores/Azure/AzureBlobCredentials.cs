using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Experiments.Stores.Azure;

/// <summary>
/// Picks how requests to an account are authorized, in this order: a SAS in the location; an account key (options,
/// then <c>AZURE_STORAGE_KEY</c>) for Shared Key; a SAS from <c>AZURE_STORAGE_SAS_TOKEN</c>; a bearer
/// <see cref="TokenCredential"/> (Entra ID); Azurite's published development key for its development account; on an
/// Azure Batch node (<c>AZ_BATCH_NODE_ID</c>), the node's managed identity (<c>AZURE_CLIENT_ID</c> picks a
/// user-assigned one): that is how tasks write, since the locations they get carry no SAS. The signing itself is
/// Azure.Storage.Blobs'.
/// </summary>
internal static class AzureBlobCredentials
{
    public const string KeyVariable = "AZURE_STORAGE_KEY";
    public const string SasVariable = "AZURE_STORAGE_SAS_TOKEN";
    public const string DevelopmentAccount = "devstoreaccount1";
    public const string BatchNodeVariable = "AZ_BATCH_NODE_ID";
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    /// <summary>Azurite's well-known key: public, documented, and good for nothing but the local emulator.</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A client of the location's container, authorized by the first credential that applies.</summary>
    public static BlobContainerClient Container(AzureBlobLocation location, ObjectStoreOptions options, BlobClientOptions clientOptions)
    {
        var uri = location.ContainerUri;
        if (location.Sas is { } sas)
            return new BlobContainerClient(uri, new AzureSasCredential(sas), clientOptions);
        if ((NonEmpty(options.AzureAccountKey) ?? NonEmpty(options.Environment(KeyVariable))) is { } key)
            return new BlobContainerClient(uri, SharedKey(location.Account, key), clientOptions);
        if (NonEmpty(options.Environment(SasVariable)) is { } envSas)
            return new BlobContainerClient(uri, new AzureSasCredential(envSas.TrimStart('?')), clientOptions);
        if (options.AzureCredential is { } credential)
            return new BlobContainerClient(uri, credential, clientOptions);
        if (location.IsDevelopmentAccount)
            return new BlobContainerClient(uri, SharedKey(location.Account, DevelopmentKey), clientOptions);
        if (NonEmpty(options.Environment(BatchNodeVariable)) is not null)
        {
            var clientId = NonEmpty(options.Environment(ClientIdVariable));
            var identity = clientId is null ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned) : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return new BlobContainerClient(uri, identity, clientOptions);
        }
        throw new ObjectStoreException(
            $"No credentials for the Azure storage account '{location.Account}' ({location}): set {SasVariable} or {KeyVariable} (account key), " +
            "add a SAS token to the location, or give the store an Entra ID credential; on Azure Batch nodes the node's managed identity is used.");
    }

    private static StorageSharedKeyCredential SharedKey(string account, string base64Key)
    {
        try
        {
            return new StorageSharedKeyCredential(account, base64Key);
        }
        catch (FormatException)
        {
            throw new ObjectStoreException($"The account key for the Azure storage account '{account}' is not Base64; copy it again from the account's access keys.");
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
