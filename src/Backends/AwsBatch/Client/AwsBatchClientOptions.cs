using Amazon.Runtime;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// Where and as whom <see cref="AwsBatchHttpClient"/> calls AWS Batch. Everything left null is found the way the AWS
/// CLI finds it: see <see cref="AwsBatchConnection"/>.
/// </summary>
public sealed record AwsBatchClientOptions
{
    /// <summary>The region (<c>eu-west-1</c>); null: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile, the SDK's region chain.</summary>
    public string? Region { get; init; }

    /// <summary>The service URL; null: <c>AWS_ENDPOINT_URL_BATCH</c>, <c>AWS_ENDPOINT_URL</c>, else <c>https://batch.{region}.amazonaws.com</c>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>A named profile of ~/.aws/config and ~/.aws/credentials; null: <c>AWS_PROFILE</c> through the SDK's chain.</summary>
    public string? Profile { get; init; }

    /// <summary>Credentials to use as they are; null: the environment's keys, the profile, else the SDK's default chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Where the AWS_* variables are read from (a test or a task passes its own).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public AwsBatchRetryPolicy Retry { get; init; } = AwsBatchRetryPolicy.Default;

    /// <summary>The HTTP handler under the client (tests put a fault-injecting one here), disposed with it; null: a new <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>How long one HTTP call may take before it counts as a connection failure (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
