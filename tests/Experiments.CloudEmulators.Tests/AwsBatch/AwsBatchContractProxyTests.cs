using System.Net;
using System.Text;
using System.Text.Json;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.TestSupport.Services;

namespace Experiments.CloudEmulators.Tests.AwsBatch;

/// <summary>The checking proxy in front of a real moto (started by tests/Cloud/moto.sh).</summary>
public sealed class AwsBatchContractProxyTests : IAsyncDisposable
{
    private const string Signature = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/batch/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123";
    private static readonly Uri Moto = new($"http://127.0.0.1:{Environment.GetEnvironmentVariable("EXPERIMENTS_MOTO_PORT") ?? "5010"}/");
    private AwsBatchContractProxy? _proxy;
    private HttpClient? _http;

    /// <summary>Skips (fails in CI) without moto; else starts the proxy in front of it.</summary>
    private async Task<(AwsBatchContractProxy Proxy, HttpClient Http)> StartAsync()
    {
        RequiredService.Require("moto", await WhyMotoIsUnavailableAsync(), "sudo tests/Cloud/moto.sh");
        _proxy = new AwsBatchContractProxy(Moto);
        _http = new HttpClient { BaseAddress = await _proxy.StartAsync(TestContext.Current.CancellationToken) };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Signature);
        return (_proxy, _http);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_proxy is not null)
            await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Valid_requests_reach_moto_and_its_answers_come_back()
    {
        var (proxy, http) = await StartAsync();
        using var queues = await PostAsync(http, "v1/describejobqueues", "{}");
        using var submit = await PostAsync(http, "v1/submitjob", """{"jobName":"j","jobQueue":"no-such-queue","jobDefinition":"no-such-definition"}""");

        Assert.Equal(HttpStatusCode.OK, queues.StatusCode);
        Assert.True(JsonDocument.Parse(await queues.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.TryGetProperty("jobQueues", out _));
        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode); // moto's own answer: the definition does not exist
        Assert.Contains("does not exist", await submit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(proxy.Violations);
        Assert.Equal(["DescribeJobQueues", "SubmitJob"], proxy.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Requests_breaking_the_model_are_answered_by_the_proxy_as_client_exceptions()
    {
        var (proxy, http) = await StartAsync();
        using var submit = await PostAsync(http, "v1/submitjob", """{"jobName":"j","jobQueue":"q","jobDefinition":"d","arrayProperties":{"size":"10"}}""");
        using var unknown = await PostAsync(http, "v1/launchrockets", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        Assert.Equal("ClientException", submit.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("$.arrayProperties.size", await submit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["$.arrayProperties.size", "request"], proxy.Violations.Select(v => v.Violation.Path));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    private static async Task<string?> WhyMotoIsUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // moto's dashboard; data.json would try Docker once Batch resources exist, and answer 500.
            using var response = await http.GetAsync(new Uri(Moto, "moto-api/"), TestContext.Current.CancellationToken);
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
