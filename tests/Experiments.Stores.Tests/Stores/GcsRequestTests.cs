using System.Net;
using System.Text;
using System.Text.Json;
using Experiments.Stores.Gcs;

namespace Experiments.Stores.Tests.Stores;

/// <summary>
/// The requests <see cref="GcsObjectStore"/> sends, checked against Google's discovery document of the JSON API
/// (/work/shared/cloud-api/google-storage-v1.json, read at run time): method, path template and query parameters. No
/// Cloud Storage service runs here; the answers are the documented response shapes.
/// </summary>
public sealed class GcsRequestTests
{
    private const string Emulator = "http://127.0.0.1:9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_put_is_a_media_upload_of_objects_insert()
    {
        var handler = new Answering(_ => Json("""{"name":"runs/r1/plan.json","size":"2","etag":"CAE="}"""));
        using var store = Open(handler);

        await store.PutAsync("plan.json", "{}"u8.ToArray(), Ct);

        var request = Assert.Single(handler.Requests);
        Discovery.AssertMatches("objects.insert", request, upload: true);
        Assert.Equal("media", request.Query["uploadType"]);
        Assert.Equal("runs/r1/plan.json", request.Query["name"]);
        Assert.Equal("{}", request.Body);
    }

    [Fact]
    public async Task A_read_from_an_offset_is_objects_get_with_alt_media_and_a_range()
    {
        var handler = new Answering(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent("6789"u8.ToArray()) };
            response.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(6, 9, 10);
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"abc\"");
            return response;
        });
        using var store = Open(handler);

        var range = await store.GetFromAsync("records/a b.jsonl", 6, Ct);

        var request = Assert.Single(handler.Requests);
        Discovery.AssertMatches("objects.get", request, upload: false);
        Assert.Equal("media", request.Query["alt"]);
        Assert.Equal("/storage/v1/b/my-bucket/o/runs%2Fr1%2Frecords%2Fa%20b.jsonl", request.RawPath);
        Assert.Equal("bytes=6-", request.Range);
        Assert.Equal(("6789", 10L, "abc"), (Encoding.UTF8.GetString(range!.Content), range.Size, range.ETag));
    }

    [Fact]
    public async Task A_missing_object_is_null()
    {
        using var store = Open(new Answering(_ => Error(HttpStatusCode.NotFound, "notFound", "No such object")));

        Assert.Null(await store.GetAsync("plan.json", Ct));
    }

    [Fact]
    public async Task A_listing_follows_next_page_tokens_with_objects_list()
    {
        var handler = new Answering(request => request.Query.ContainsKey("pageToken")
            ? Json("""{"items":[{"name":"runs/r1/records/b.jsonl","size":"5","etag":"E2"}]}""")
            : Json("""{"items":[{"name":"runs/r1/records/a.jsonl","size":"3","etag":"E1"}],"nextPageToken":"t/2"}"""));
        using var store = Open(handler, pageSize: 1);

        var listed = await store.ListAsync("records/", Ct);

        Assert.Equal([new ObjectEntry("records/a.jsonl", 3, "E1"), new ObjectEntry("records/b.jsonl", 5, "E2")], listed);
        Assert.Equal(2, handler.Requests.Count);
        foreach (var request in handler.Requests)
        {
            Discovery.AssertMatches("objects.list", request, upload: false);
            Assert.Equal("runs/r1/records/", request.Query["prefix"]);
            Assert.Equal("1", request.Query["maxResults"]);
        }
        Assert.Equal("t/2", handler.Requests[1].Query["pageToken"]);
    }

    [Fact]
    public async Task A_refusal_is_explained_with_the_role_needed()
    {
        using var store = Open(new Answering(_ => Error(HttpStatusCode.Forbidden, "forbidden", "caller does not have storage.objects.create access")));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync("plan.json", "{}"u8.ToArray(), Ct));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("gs://my-bucket/runs/r1/plan.json", error.Message);
        Assert.Contains("roles/storage.objectAdmin", error.Message);
    }

    private static GcsObjectStore Open(HttpMessageHandler handler, int? pageSize = null) =>
        new(GcsLocation.Parse(new Uri("gs://my-bucket/runs/r1")), new ObjectStoreOptions
        {
            Environment = name => name == GcsObjectStore.EmulatorVariable ? Emulator : null,
            HttpHandler = handler,
            PageSize = pageSize,
        });

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string reason, string message) =>
        new(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                error = new { code = (int)status, message, errors = new[] { new { reason, message } } },
            })),
        };

    /// <summary>A request as the store sent it.</summary>
    private sealed record Seen(string Method, string RawPath, Dictionary<string, string> Query, string? Range, string? Body);

    /// <summary>Records each request and answers it as the JSON API documents.</summary>
    private sealed class Answering(Func<Seen, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Seen> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var seen = new Seen(request.Method.Method, uri.AbsolutePath, query, request.Headers.Range?.ToString(), body);
            Requests.Add(seen);
            return answer(seen);
        }
    }

    /// <summary>The discovery document's view of a method: its HTTP method, path template and parameters.</summary>
    private static class Discovery
    {
        private static readonly Lazy<JsonDocument> Document = new(() =>
            JsonDocument.Parse(File.ReadAllText("/work/shared/cloud-api/google-storage-v1.json")));

        public static void AssertMatches(string method, Seen request, bool upload)
        {
            var root = Document.Value.RootElement;
            var parts = method.Split('.');
            var definition = root.GetProperty("resources").GetProperty(parts[0]).GetProperty("methods").GetProperty(parts[1]);
            Assert.Equal(definition.GetProperty("httpMethod").GetString(), request.Method);
            var servicePath = root.GetProperty("servicePath").GetString()!;
            var template = upload
                ? definition.GetProperty("mediaUpload").GetProperty("protocols").GetProperty("simple").GetProperty("path").GetString()!
                : "/" + servicePath + definition.GetProperty("path").GetString();
            Assert.Matches("^" + System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Escape(template), @"\\\{[a-z]+}", "[^/]+") + "$", request.RawPath);
            var parameters = definition.GetProperty("parameters");
            var common = root.GetProperty("parameters");
            foreach (var name in request.Query.Keys)
                Assert.True(parameters.TryGetProperty(name, out _) || common.TryGetProperty(name, out _) || (upload && name == "uploadType"),
                    $"{method} has no query parameter '{name}' in the discovery document.");
        }
    }
}
