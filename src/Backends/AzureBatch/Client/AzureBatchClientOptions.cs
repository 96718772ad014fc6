using Azure.Core;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>Where and as whom <see cref="AzureBatchHttpClient"/> calls Azure Batch, and how it retries.</summary>
public sealed record AzureBatchClientOptions
{
    /// <summary>An Entra ID credential; null: <c>DefaultAzureCredential</c> (unless an account key is in the environment).</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Where <c>AZURE_BATCH_ACCOUNT_KEY</c> and <c>AZURE_BATCH_ACCOUNT</c> are read from.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Retries after the first try, on throttling (429, honouring <c>Retry-After</c>), 408, 500, 502, 503, 504 and
    /// dropped connections, with exponential back-off and jitter.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>The first retry's wait; each further retry doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one try may take before it counts as a dropped connection.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The HTTP handler under the pipeline (tests put a capturing one here); null: Azure.Core's own transport.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
