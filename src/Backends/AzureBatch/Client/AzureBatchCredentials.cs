using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// How requests to the Batch account are authorized: the account key from <see cref="KeyVariable"/> (Shared Key; only
/// ever from the environment, never from a config file), else an Entra ID bearer token for <see cref="Scope"/> from the
/// options' credential or <see cref="DefaultAzureCredential"/> (environment, workload identity, managed identity, Azure
/// CLI, Azure PowerShell, azd, Visual Studio).
/// </summary>
internal static class AzureBatchCredentials
{
    public const string KeyVariable = "AZURE_BATCH_ACCOUNT_KEY";

    /// <summary>The account name for Shared Key when the endpoint's host does not start with it.</summary>
    public const string AccountVariable = "AZURE_BATCH_ACCOUNT";

    /// <summary>Batch's Entra ID resource (the double slash is Batch's own, as its documentation gives it).</summary>
    public const string Scope = "https://batch.core.windows.net//.default";

    public static HttpPipelinePolicy For(Uri endpoint, AzureBatchClientOptions options)
    {
        if (NonEmpty(options.Environment(KeyVariable)) is { } key)
            return new BatchSharedKeyPolicy(AccountName(endpoint, options), key);
        var credential = options.Credential ?? new DefaultAzureCredential();
        return new BearerTokenAuthenticationPolicy(credential, Scope);
    }

    /// <summary><c>AZURE_BATCH_ACCOUNT</c>, else the endpoint's first host label (<c>myaccount</c>.westeurope.batch.azure.com).</summary>
    public static string AccountName(Uri endpoint, AzureBatchClientOptions options) =>
        NonEmpty(options.Environment(AccountVariable)) ?? endpoint.Host.Split('.')[0];

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
