using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;

namespace Experiments.Tool.Tests.Cloud.AwsBatch;

/// <summary>
/// moto (tests/Cloud/moto.sh) set up as a user's AWS account would be for the aws-batch backend: an IAM service role,
/// an UNMANAGED compute environment, an ENABLED job queue and a results bucket. moto keeps state in memory and is shared,
/// so names are unique per use. (The same set-up as Experiments.AwsBatch.Tests' MotoBatch, which this project cannot
/// reference.)
/// </summary>
public sealed class MotoAccount
{
    public const string Region = "us-east-1";
    public const string AccessKey = "AKIAEXPERIMENTSE2E";
    public const string SecretKey = "moto-e2e-secret-never-in-a-job";

    public static readonly Uri Moto = new($"http://127.0.0.1:{System.Environment.GetEnvironmentVariable("EXPERIMENTS_MOTO_PORT") ?? "5010"}/");

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    public string JobQueue => $"experiments-e2e-queue-{_suffix}";

    public string Bucket => $"experiments-e2e-{_suffix}";

    /// <summary>Credentials, region and the S3 endpoint: what the tool's shell has, and what the compute environment's role gives a task.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL_S3"] = Moto.ToString().TrimEnd('/'),
    };

    /// <summary>Why moto cannot be used, or null.</summary>
    public static async Task<string?> WhyUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(Moto, "moto-api/"));
            return response.IsSuccessStatusCode ? null : $"{Moto} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{Moto} does not answer: {e.Message}";
        }
    }

    public async Task CreateAsync()
    {
        using var http = new HttpClient { BaseAddress = Moto };
        var role = $"experiments-e2e-batch-service-{_suffix}";
        await PostAsync(http, "", "iam", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = role,
            ["AssumeRolePolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"batch.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }));
        var environment = await PostAsync(http, "v1/createcomputeenvironment", "batch", Json(new
        {
            computeEnvironmentName = $"experiments-e2e-ce-{_suffix}",
            type = "UNMANAGED",
            state = "ENABLED",
            serviceRole = $"arn:aws:iam::123456789012:role/{role}",
        }));
        await PostAsync(http, "v1/createjobqueue", "batch", Json(new
        {
            jobQueueName = JobQueue,
            state = "ENABLED",
            priority = 1,
            computeEnvironmentOrder = new[] { new { order = 1, computeEnvironment = environment.GetProperty("computeEnvironmentArn").GetString() } },
        }));
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config { ServiceURL = Moto.ToString(), ForcePathStyle = true, AuthenticationRegion = Region });
        await s3.PutBucketAsync(Bucket);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Set-up calls go to moto directly; moto picks the service from the credential scope and checks no signature.</summary>
    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string service, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential={AccessKey}/20260101/{Region}/{service}/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Setting up moto failed: POST /{path} ({service}) answered {(int)response.StatusCode}: {text}");
        return service == "batch" ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }
}
