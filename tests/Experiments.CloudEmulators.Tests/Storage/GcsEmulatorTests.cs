using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Experiments.CloudEmulators.Storage;

namespace Experiments.CloudEmulators.Tests.Storage;

/// <summary>The GCS emulator over real HTTP with the JSON API's upload, download, list and delete calls.</summary>
public sealed class GcsEmulatorTests : IAsyncLifetime
{
    private readonly GcsEmulator _emulator = new();
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _http = new HttpClient { BaseAddress = await _emulator.StartAsync() };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.test");
        _emulator.AddBucket("runs");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_media_upload_is_stored_with_generation_md5_and_crc32c()
    {
        var uploaded = await UploadAsync("check/123456789.txt", "123456789");
        var metadata = await JsonAsync(HttpMethod.Get, "storage/v1/b/runs/o/check%2F123456789.txt");
        var content = await _http.GetByteArrayAsync("download/storage/v1/b/runs/o/check%2F123456789.txt?alt=media", TestContext.Current.CancellationToken);

        Assert.Equal("check/123456789.txt", metadata.GetProperty("name").GetString());
        Assert.Equal("9", metadata.GetProperty("size").GetString());
        Assert.Equal(Convert.ToBase64String(MD5.HashData("123456789"u8)), metadata.GetProperty("md5Hash").GetString());
        Assert.Equal(Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]), metadata.GetProperty("crc32c").GetString()); // the CRC-32C check value
        Assert.Equal(uploaded.GetProperty("generation").GetString(), metadata.GetProperty("generation").GetString());
        Assert.Equal("text/plain", metadata.GetProperty("contentType").GetString());
        Assert.Equal("123456789", Encoding.UTF8.GetString(content));
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task A_resumable_upload_takes_its_bytes_in_chunks_at_the_session_uri()
    {
        var ct = TestContext.Current.CancellationToken;
        using var start = await _http.PostAsync("upload/storage/v1/b/runs/o?uploadType=resumable",
            new StringContent("""{"name":"r1/big.jsonl","contentType":"application/x-ndjson"}""", Encoding.UTF8, "application/json"), ct);
        var session = start.Headers.Location!;

        using var first = await PutChunkAsync(session, "01234", "bytes 0-4/10", ct);
        using var wrongOffset = await PutChunkAsync(session, "xyz", "bytes 2-4/10", ct);
        using var last = await PutChunkAsync(session, "56789", "bytes 5-9/10", ct);
        using var finished = JsonDocument.Parse(await last.Content.ReadAsStringAsync(ct));

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(((HttpStatusCode)308, "bytes=0-4"), (first.StatusCode, string.Join(",", first.Headers.GetValues("Range"))));
        Assert.Equal(HttpStatusCode.BadRequest, wrongOffset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("10", finished.RootElement.GetProperty("size").GetString());
        Assert.Equal("0123456789"u8.ToArray(), _emulator.Read("runs", "r1/big.jsonl"));
        Assert.Equal(["header.Content-Range"], _emulator.Violations.Select(v => v.Violation.Path));
    }

    private Task<HttpResponseMessage> PutChunkAsync(Uri session, string bytes, string contentRange, CancellationToken ct)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(bytes));
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return _http.PutAsync(session, content, ct);
    }

    [Fact]
    public async Task A_multipart_upload_keeps_its_metadata_and_downloads_honour_ranges()
    {
        using var body = new MultipartContent("related", "boundary_42");
        body.Add(new StringContent("""{"name":"r1/results.jsonl","contentType":"application/x-ndjson","metadata":{"run":"r1"}}""", Encoding.UTF8, "application/json"));
        body.Add(new ByteArrayContent("0123456789"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        using var upload = await _http.PostAsync("upload/storage/v1/b/runs/o?uploadType=multipart", body, TestContext.Current.CancellationToken);

        var middle = await RangeAsync("bytes=2-4");
        var tail = await RangeAsync("bytes=-3");
        var beyond = await RangeAsync("bytes=100-");
        var stored = await JsonAsync(HttpMethod.Get, "storage/v1/b/runs/o/r1%2Fresults.jsonl");

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal((HttpStatusCode.PartialContent, "234", "bytes 2-4/10"), middle);
        Assert.Equal((HttpStatusCode.PartialContent, "789", "bytes 7-9/10"), tail);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.Status);
        Assert.Equal("application/x-ndjson", stored.GetProperty("contentType").GetString());
        Assert.Equal("r1", stored.GetProperty("metadata").GetProperty("run").GetString());
        Assert.Equal($"\"{stored.GetProperty("etag").GetString()}\"", _downloadETag);
        Assert.Equal("0123456789"u8.ToArray(), _emulator.Read("runs", "r1/results.jsonl"));
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task Generation_preconditions_guard_creates_replacements_and_deletes()
    {
        var first = await UploadAsync("journal", "v1", "&ifGenerationMatch=0");
        var generation = first.GetProperty("generation").GetString();

        using var createAgain = await SendUploadAsync("journal", "v2", "&ifGenerationMatch=0");
        var replaced = await UploadAsync("journal", "v2", $"&ifGenerationMatch={generation}");
        using var staleDelete = await _http.DeleteAsync($"storage/v1/b/runs/o/journal?ifGenerationMatch={generation}", TestContext.Current.CancellationToken);
        using var delete = await _http.DeleteAsync($"storage/v1/b/runs/o/journal?ifGenerationMatch={replaced.GetProperty("generation").GetString()}", TestContext.Current.CancellationToken);
        using var gone = await _http.GetAsync("storage/v1/b/runs/o/journal", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PreconditionFailed, createAgain.StatusCode);
        Assert.Equal("conditionNotMet", (await ErrorOf(createAgain)).GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.True(long.Parse(replaced.GetProperty("generation").GetString()!) > long.Parse(generation!));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_prefix_fold_at_the_delimiter_and_page()
    {
        foreach (var name in new[] { "a/1", "a/2", "a/b/3", "c" })
            await UploadAsync(name, name);

        var folded = await JsonAsync(HttpMethod.Get, "storage/v1/b/runs/o?prefix=a%2F&delimiter=%2F");
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(HttpMethod.Get, "storage/v1/b/runs/o?maxResults=3" + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token)));
            pages++;
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["a/1", "a/2"], folded.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["a/b/"], folded.GetProperty("prefixes").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["a/1", "a/2", "a/b/3", "c"], names);
        Assert.Equal(2, pages);
        Assert.Empty(_emulator.Violations);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_what_is_wrong()
    {
        using var noUploadType = await _http.PostAsync("upload/storage/v1/b/runs/o?name=x", new ByteArrayContent([1]), TestContext.Current.CancellationToken);
        using var body = new MultipartContent("related", "b");
        body.Add(new StringContent("""{"name":"x","size":1}""", Encoding.UTF8, "application/json"));
        body.Add(new ByteArrayContent([1]));
        using var badMetadata = await _http.PostAsync("upload/storage/v1/b/runs/o?uploadType=multipart", body, TestContext.Current.CancellationToken);
        using var noBucket = await SendUploadAsync("x", "x", "", bucket: "missing");
        _http.DefaultRequestHeaders.Authorization = null;
        using var anonymous = await _http.GetAsync("storage/v1/b/runs/o", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, noUploadType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMetadata.StatusCode);
        Assert.Equal("$.size", (await ErrorOf(badMetadata)).GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, noBucket.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(["query.uploadType", "$.size"], _emulator.Violations.Select(v => v.Violation.Path));
    }

    private async Task<JsonElement> UploadAsync(string name, string content, string extraQuery = "")
    {
        using var response = await SendUploadAsync(name, content, extraQuery);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<HttpResponseMessage> SendUploadAsync(string name, string content, string extraQuery, string bucket = "runs") =>
        _http.PostAsync($"upload/storage/v1/b/{bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}{extraQuery}",
            new StringContent(content, Encoding.UTF8, "text/plain") { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
            TestContext.Current.CancellationToken);

    private async Task<JsonElement> JsonAsync(HttpMethod method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(HttpStatusCode Status, string Body, string? ContentRange)> RangeAsync(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "storage/v1/b/runs/o/r1%2Fresults.jsonl?alt=media");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.IsSuccessStatusCode)
            Assert.Equal(_downloadETag ??= response.Headers.ETag!.Tag, response.Headers.ETag!.Tag);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Content.Headers.ContentRange?.ToString());
    }

    private string? _downloadETag;

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").Clone();
}
