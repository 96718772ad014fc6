using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.CloudEmulators.AwsBatch;

/// <summary>
/// moto (tests/Cloud/moto.sh) set up as a user's AWS account would be for the aws-batch backend: an IAM service role,
/// an UNMANAGED compute environment, an ENABLED job queue and a results bucket. moto keeps state in memory and is
/// shared by every test and benchmark, so each account's names carry a fresh suffix.
/// </summary>
public sealed class MotoAccount
{
    public const string Region = "us-east-1";

    // Set-up calls are signed by no one: moto picks the service from the credential scope and checks no signature.
    private const string SetUpKey = "AKIAEXPERIMENTSSETUP";

    private MotoAccount(string prefix, string suffix)
    {
        JobQueue = $"{prefix}-queue-{suffix}";
        ComputeEnvironment = $"{prefix}-ce-{suffix}";
        ServiceRole = $"{prefix}-batch-service-{suffix}";
        Bucket = $"{prefix}-{suffix}";
    }

    /// <summary>moto's base URI (its port from <c>EXPERIMENTS_MOTO_PORT</c>, 5010 by default).</summary>
    public static Uri Moto { get; } = new($"http://127.0.0.1:{System.Environment.GetEnvironmentVariable("EXPERIMENTS_MOTO_PORT") ?? "5010"}/");

    public string JobQueue { get; }

    public string ComputeEnvironment { get; }

    public string ServiceRole { get; }

    /// <summary>The results bucket (created only by <see cref="CreateAsync"/> with <c>withBucket</c>).</summary>
    public string Bucket { get; }

    /// <summary>
    /// What the tool's shell has, and what the compute environment's role gives a task: keys, region and moto's S3
    /// endpoint, and moto's CloudWatch Logs, where the fleet writes the containers' output. moto accepts any keys; each
    /// user passes its own so a test can look for its secret in what it must not leak.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(string accessKey, string secretKey) => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL_S3"] = Moto.ToString().TrimEnd('/'),
        ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = Moto.ToString().TrimEnd('/'),
    };

    /// <summary>Why moto cannot be used, or null.</summary>
    public static async Task<string?> WhyUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // moto's dashboard, not data.json: that tries to reach Docker once Batch jobs exist, and answers 500.
            using var response = await http.GetAsync(new Uri(Moto, "moto-api/")).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"{Moto} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{Moto} does not answer: {e.Message}";
        }
    }

    /// <summary>A new account: role, compute environment, job queue and, with <paramref name="withBucket"/>, the bucket.</summary>
    /// <param name="prefix">Starts every name, so moto's listings show whose resources they are.</param>
    public static async Task<MotoAccount> CreateAsync(string prefix, bool withBucket = true, CancellationToken cancellationToken = default)
    {
        var account = new MotoAccount(prefix, Guid.NewGuid().ToString("N")[..10]);
        using var http = new HttpClient { BaseAddress = Moto };
        await SendAsync(http, HttpMethod.Post, "", "iam", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = account.ServiceRole,
            ["AssumeRolePolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"batch.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }), cancellationToken).ConfigureAwait(false);
        var environment = await SendAsync(http, HttpMethod.Post, "v1/createcomputeenvironment", "batch", Json(new
        {
            computeEnvironmentName = account.ComputeEnvironment,
            type = "UNMANAGED",
            state = "ENABLED",
            serviceRole = $"arn:aws:iam::123456789012:role/{account.ServiceRole}",
        }), cancellationToken).ConfigureAwait(false);
        await SendAsync(http, HttpMethod.Post, "v1/createjobqueue", "batch", Json(new
        {
            jobQueueName = account.JobQueue,
            state = "ENABLED",
            priority = 1,
            computeEnvironmentOrder = new[] { new { order = 1, computeEnvironment = environment.GetProperty("computeEnvironmentArn").GetString() } },
        }), cancellationToken).ConfigureAwait(false);
        if (withBucket)
            await CreateBucketAsync(account.Bucket, cancellationToken).ConfigureAwait(false);
        return account;
    }

    /// <summary>A new, empty bucket in moto's S3 (path-style, us-east-1: no location constraint).</summary>
    public static async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = Moto };
        await SendAsync(http, HttpMethod.Put, bucket, "s3", null, cancellationToken).ConfigureAwait(false);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string service, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential={SetUpKey}/20260101/{Region}/{service}/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Setting up moto failed: {method} /{path} ({service}) answered {(int)response.StatusCode}: {text}");
        return service == "batch" ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }
}
