using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Experiments.CloudEmulators.Tests.AzureBatch;

/// <summary>Plain HTTP calls to the emulator, the way a backend makes them (shared-key header, api-version).</summary>
internal sealed class AzureBatchClient(Uri baseUri) : IDisposable
{
    public const string ApiVersion = "api-version=2024-02-01.19.0";
    private readonly HttpClient _http = new() { BaseAddress = baseUri };

    public string? Authorization { get; set; } = "SharedKey account:c2lnbmF0dXJl";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        var separator = pathAndQuery.Contains('?') ? '&' : '?';
        var request = new HttpRequestMessage(method, pathAndQuery.StartsWith("http", StringComparison.Ordinal) ? pathAndQuery : $"{pathAndQuery}{separator}{ApiVersion}");
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (Authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        var body = await SucceedAsync(method, pathAndQuery, json);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Sends and asserts success; returns the body text (empty for most writes).</summary>
    public async Task<string> SucceedAsync(HttpMethod method, string pathAndQuery, string? json = null)
    {
        using var response = await SendAsync(method, pathAndQuery, json);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {pathAndQuery} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    public Task<JsonElement> GetJobAsync(string jobId) => JsonAsync(HttpMethod.Get, $"jobs/{jobId}");

    public async Task CreateJobAsync(string jobId, string poolId, string extra = "")
    {
        using var response = await SendAsync(HttpMethod.Post, "jobs", $$"""{"id":"{{jobId}}","poolInfo":{"poolId":"{{poolId}}"}{{extra}}}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    public Task<JsonElement> AddTasksAsync(string jobId, IEnumerable<object> tasks) =>
        JsonAsync(HttpMethod.Post, $"jobs/{jobId}/addtaskcollection", JsonSerializer.Serialize(new { value = tasks }));

    public static object Task(string id, string commandLine, int? maxRetries = null, params (string Name, string Value)[] environment) => new Dictionary<string, object?>
    {
        ["id"] = id,
        ["commandLine"] = commandLine,
        ["environmentSettings"] = environment.Select(e => new { name = e.Name, value = e.Value }).ToArray(),
        ["constraints"] = maxRetries is null ? null : new { maxTaskRetryCount = maxRetries },
    }.Where(p => p.Value is not null).ToDictionary();

    public void Dispose() => _http.Dispose();
}
