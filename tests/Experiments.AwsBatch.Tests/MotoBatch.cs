using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Experiments.Backends.AwsBatch.Client;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.TestSupport.Services;

namespace Experiments.AwsBatch.Tests;

/// <summary>
/// moto's AWS Batch set up as a user's account would be — an IAM service role, an UNMANAGED compute environment and an
/// ENABLED job queue — behind <see cref="AwsBatchContractProxy"/>, so every request the client sends is checked against
/// the botocore model. moto is started by tests/Cloud/moto.sh; it keeps state in memory, so names are unique per run.
/// </summary>
public sealed class MotoBatch : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public static readonly Uri Moto = new($"http://127.0.0.1:{Environment.GetEnvironmentVariable("EXPERIMENTS_MOTO_PORT") ?? "5010"}/");

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private AwsBatchContractProxy? _proxy;

    public AwsBatchContractProxy Proxy => _proxy ?? throw new InvalidOperationException("moto is not set up.");

    public string JobQueue => $"experiments-queue-{_suffix}";

    public string ComputeEnvironment => $"experiments-ce-{_suffix}";

    /// <summary>Why moto is not usable, or null; tests call <see cref="RequiredService.Require"/> with it.</summary>
    public string? Unavailable { get; private set; }

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIAEXPERIMENTSTEST", "moto-accepts-any-secret");

    public async ValueTask InitializeAsync()
    {
        Unavailable = await WhyUnavailableAsync();
        if (Unavailable is not null)
            return;
        using var http = new HttpClient { BaseAddress = Moto };
        var role = $"experiments-batch-service-{_suffix}";
        await PostAsync(http, "", "iam", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = role,
            ["AssumeRolePolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"batch.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }));
        var environment = await PostJsonAsync(http, "v1/createcomputeenvironment", new
        {
            computeEnvironmentName = ComputeEnvironment,
            type = "UNMANAGED",
            state = "ENABLED",
            serviceRole = $"arn:aws:iam::123456789012:role/{role}",
        });
        await PostJsonAsync(http, "v1/createjobqueue", new
        {
            jobQueueName = JobQueue,
            state = "ENABLED",
            priority = 1,
            computeEnvironmentOrder = new[] { new { order = 1, computeEnvironment = environment.GetProperty("computeEnvironmentArn").GetString() } },
        });
        _proxy = new AwsBatchContractProxy(Moto);
        await _proxy.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
            await _proxy.DisposeAsync();
    }

    /// <summary>A client of the proxy; <paramref name="handler"/> goes under it (a fault injector).</summary>
    public AwsBatchHttpClient Client(HttpMessageHandler? handler = null, AwsBatchRetryPolicy? retry = null) => new(new AwsBatchClientOptions
    {
        Region = Region,
        Endpoint = Proxy.BaseUri,
        Credentials = Credentials,
        Environment = _ => null,
        HttpHandler = handler,
        Retry = retry ?? new AwsBatchRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
    });

    public void Require() => RequiredService.Require("moto", Unavailable, "sudo tests/Cloud/moto.sh");

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body) =>
        await PostAsync(http, path, "batch", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    /// <summary>Set-up calls go to moto directly; moto picks the service from the credential scope and checks no signature.</summary>
    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string service, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential=AKIAEXPERIMENTSTEST/20260101/{Region}/{service}/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Setting up moto failed: POST /{path} ({service}) answered {(int)response.StatusCode}: {text}");
        return service == "batch" ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    private static async Task<string?> WhyUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // moto's dashboard: data.json tries to reach Docker once Batch jobs exist, and answers 500.
            using var response = await http.GetAsync(new Uri(Moto, "moto-api/"));
            return response.IsSuccessStatusCode ? null : $"{Moto} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"{Moto} does not answer: {e.Message}";
        }
        catch (TaskCanceledException)
        {
            return $"{Moto} did not answer within 5 s";
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MotoBatchCollection : ICollectionFixture<MotoBatch>
{
    public const string Name = "moto AWS Batch";
}
