using Azure.Core;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Stores;

/// <summary>
/// How <see cref="ObjectStores.Open"/> reaches a store. Everything is optional: by default each cloud's standard
/// credential chain and endpoint variables apply, as they do inside a batch task.
/// </summary>
public sealed record ObjectStoreOptions
{
    /// <summary>Objects per listing page; null for the service's default (1,000 for S3, 5,000 for Azure).</summary>
    public int? PageSize { get; init; }

    /// <summary>The environment the chains read (endpoints, keys, tokens); the process environment by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>S3: a named profile of the shared AWS config files instead of the default chain.</summary>
    public string? AwsProfile { get; init; }

    /// <summary>Azure Blob: a bearer credential (Entra ID) when the location carries no SAS and no account key is set.</summary>
    public TokenCredential? AzureCredential { get; init; }

    /// <summary>Azure Blob: the storage account key for Shared Key signing (else <c>AZURE_STORAGE_KEY</c>).</summary>
    public string? AzureAccountKey { get; init; }

    /// <summary>Google Cloud Storage: the credential to use instead of Application Default Credentials.</summary>
    public GoogleCredential? GoogleCredential { get; init; }

    /// <summary>Azure Blob and Google Cloud Storage: sends requests through this handler (tests, proxies); not disposed with the store.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
