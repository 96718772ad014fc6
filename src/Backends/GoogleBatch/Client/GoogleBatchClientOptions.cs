using Google.Apis.Auth.OAuth2;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>Where and as whom <see cref="GoogleBatchHttpClient"/> calls the Batch API.</summary>
public sealed record GoogleBatchClientOptions
{
    public static readonly Uri DefaultEndpoint = new("https://batch.googleapis.com/");

    public static readonly Uri DefaultLoggingEndpoint = new("https://logging.googleapis.com/");

    /// <summary>The scope every Batch call needs.</summary>
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The service root (a private endpoint, an emulator); the API's paths (<c>v1/…</c>) go under it.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The Cloud Logging API's root (<c>v2/entries:list</c> goes under it), where Batch sends the tasks' output.</summary>
    public Uri LoggingEndpoint { get; init; } = DefaultLoggingEndpoint;

    /// <summary>The credential to use; null: Application Default Credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>,
    /// gcloud's application-default login, or the metadata server), scoped to <see cref="Scope"/>.</summary>
    public GoogleCredential? Credential { get; init; }

    public GoogleBatchRetryPolicy Retry { get; init; } = GoogleBatchRetryPolicy.Default;

    /// <summary>The HTTP handler under the client (tests, proxies), not disposed with it; null: a new one.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>How long one HTTP call may take before it counts as a dropped connection (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
