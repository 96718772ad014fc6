using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.CloudEmulators.Tests.GoogleBatch;

/// <summary>Plain HTTP calls to the Google Batch emulator with a bearer token, as a backend makes them.</summary>
internal sealed class GoogleBatchClient(Uri baseUri) : IDisposable
{
    public const string Parent = "v1/projects/proj/locations/us-central1";
    private readonly HttpClient _http = new() { BaseAddress = baseUri };

    public string? Token { get; set; } = "ya29.emulated";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        using var response = await SendAsync(method, pathAndQuery, json);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {pathAndQuery} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").Clone();

    public Task<JsonElement> CreateAsync(string jobId, string job) => JsonAsync(HttpMethod.Post, $"{Parent}/jobs?jobId={jobId}", job);

    public Task<JsonElement> GetAsync(string jobId) => JsonAsync(HttpMethod.Get, $"{Parent}/jobs/{jobId}");

    /// <summary>A job of one container task group running <paramref name="shell"/> under /bin/sh -c.</summary>
    public static string ShellJob(int taskCount, int parallelism, string shell, int maxRetryCount = 0, string extraSpec = "") => $$"""
        {"taskGroups":[ {"taskCount":"{{taskCount}}","parallelism":"{{parallelism}}","taskSpec":{
           "runnables":[ {"container":{"imageUri":"127.0.0.1:5000/sweep:1","entrypoint":"/bin/sh","commands":["-c",{{JsonSerializer.Serialize(shell)}}]},
                         "environment":{"variables":{"SWEEP":"demo"} } }],
           "maxRetryCount":{{maxRetryCount}}{{extraSpec}} } }],
         "logsPolicy":{"destination":"CLOUD_LOGGING"} }
        """;

    public void Dispose() => _http.Dispose();
}
