using Azure.Core;
using Azure.Core.Pipeline;

namespace Experiments.Stores.Azure;

/// <summary>
/// Picks how requests to an account are authorized, in this order: a SAS in the location; an account key (options,
/// then <c>AZURE_STORAGE_KEY</c>) for SharedKey; a SAS from <c>AZURE_STORAGE_SAS_TOKEN</c>; a bearer
/// <see cref="TokenCredential"/> (Entra ID); Azurite's published development key for its development account.
/// </summary>
internal static class AzureBlobCredentials
{
    public const string KeyVariable = "AZURE_STORAGE_KEY";
    public const string SasVariable = "AZURE_STORAGE_SAS_TOKEN";
    public const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>Azurite's well-known key: public, documented, and good for nothing but the local emulator.</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The authorization policy, and the SAS to add to each request's query (or null).</summary>
    public static (HttpPipelinePolicy? Policy, string? Sas) For(AzureBlobLocation location, ObjectStoreOptions options)
    {
        if (location.Sas is { } sas)
            return (null, sas);
        if ((NonEmpty(options.AzureAccountKey) ?? NonEmpty(options.Environment(KeyVariable))) is { } key)
            return (new SharedKeyPolicy(location.Account, key), null);
        if (NonEmpty(options.Environment(SasVariable)) is { } envSas)
            return (null, envSas.TrimStart('?'));
        if (options.AzureCredential is { } credential)
            return (new BearerTokenAuthenticationPolicy(credential, "https://storage.azure.com/.default"), null);
        if (location.IsDevelopmentAccount)
            return (new SharedKeyPolicy(location.Account, DevelopmentKey), null);
        throw new ObjectStoreException(
            $"No credentials for the Azure storage account '{location.Account}' ({location}): add a SAS token to the location, " +
            $"set {KeyVariable} (account key) or {SasVariable}, or give the store an Entra ID credential.");
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
