using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Stores.Gcs;

/// <summary>
/// Objects under <c>gs://bucket/prefix</c>, through the Cloud Storage JSON API over HttpClient (Google.Cloud.Storage.V1
/// does not restore here). Credentials: the given <see cref="GoogleCredential"/>, else Application Default Credentials
/// (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's, or the metadata server of a Batch VM). <c>STORAGE_EMULATOR_HOST</c>
/// (as in Google's own client libraries) sends requests to an emulator, with credentials when there are any (a
/// metadata server emulator through <c>GCE_METADATA_HOST</c>), else anonymously.
/// </summary>
public sealed class GcsObjectStore : IObjectStore
{
    public const string EmulatorVariable = "STORAGE_EMULATOR_HOST";
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";
    private static readonly Uri PublicEndpoint = new("https://storage.googleapis.com");

    private readonly GcsLocation _location;
    private readonly HttpClient _http;
    private readonly GcsRequests _requests;
    private readonly int? _pageSize;
    private readonly Lazy<Task<ITokenAccess?>> _credential;

    public GcsObjectStore(GcsLocation location, ObjectStoreOptions? options = null)
    {
        options ??= new ObjectStoreOptions();
        _location = location;
        _pageSize = options.PageSize;
        var emulator = options.Environment(EmulatorVariable);
        var endpoint = string.IsNullOrWhiteSpace(emulator) ? PublicEndpoint : EmulatorEndpoint(emulator.Trim());
        _requests = new GcsRequests(endpoint, location.Bucket);
        _http = options.HttpHandler is null ? new HttpClient() : new HttpClient(options.HttpHandler, disposeHandler: false);
        var given = options.GoogleCredential;
        _credential = new Lazy<Task<ITokenAccess?>>(async () =>
        {
            if (given is not null)
                return given.CreateScoped(Scope);
            try
            {
                return (await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)).CreateScoped(Scope);
            }
            catch (InvalidOperationException) when (!string.IsNullOrWhiteSpace(emulator))
            {
                return null; // an emulator that takes anonymous requests
            }
        });
    }

    public string Location => _location.ToString();

    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key(_location.Prefix, name);
        using var response = await SendAsync(() => _requests.Insert(key, content), "write", Describe(key), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await DescribeAsync(response, Describe(key), "write").ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetFromAsync(name, 0, cancellationToken).ConfigureAwait(false))?.Content;

    public async Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = ObjectNames.Key(_location.Prefix, name);
        using var response = await SendAsync(() => _requests.Media(key, offset), "read", Describe(key), cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.PartialContent:
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var size = response.Content.Headers.ContentRange?.Length ?? offset + content.Length;
                return new ObjectRange(offset, content, size, ETagOf(response));
            case HttpStatusCode.NotFound:
                return null;
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                return await EmptyRangeAsync(key, offset, cancellationToken).ConfigureAwait(false);
            default:
                throw await DescribeAsync(response, Describe(key), "read").ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var fullPrefix = _location.Prefix.Length == 0 ? prefix : $"{_location.Prefix}/{prefix}";
        var entries = new List<ObjectEntry>();
        string? pageToken = null;
        do
        {
            var token = pageToken;
            using var response = await SendAsync(() => _requests.List(fullPrefix, token, _pageSize), "list", Describe(fullPrefix) + "*", cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw await DescribeAsync(response, Describe(fullPrefix) + "*", "list").ConfigureAwait(false);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            if (page.RootElement.TryGetProperty("items", out var items))
            {
                foreach (var item in items.EnumerateArray())
                {
                    entries.Add(new ObjectEntry(
                        ObjectNames.Relative(_location.Prefix, item.GetProperty("name").GetString()!),
                        ParseSize(item),
                        item.TryGetProperty("etag", out var etag) ? etag.GetString() ?? "" : ""));
                }
            }
            pageToken = page.RootElement.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(pageToken));
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public void Dispose() => _http.Dispose();

    public override string ToString() => Location;

    private async Task<ObjectRange?> EmptyRangeAsync(string key, long offset, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => _requests.Metadata(key), "read", Describe(key), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw await DescribeAsync(response, Describe(key), "read").ConfigureAwait(false);
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var etag = metadata.RootElement.TryGetProperty("etag", out var e) ? e.GetString() ?? "" : "";
        return new ObjectRange(offset, [], ParseSize(metadata.RootElement), etag);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string action, string location, CancellationToken cancellationToken)
    {
        using var request = create();
        try
        {
            if (await _credential.Value.ConfigureAwait(false) is { } credential)
            {
                var token = await credential.GetAccessTokenForRequestAsync(request.RequestUri!.ToString(), cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            throw new ObjectStoreException(
                $"Could not {action} {location}: no Google credentials were found. Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, " +
                "run 'gcloud auth application-default login', or run where the metadata server provides them (a Batch VM).");
        }
        catch (Exception e) when (e is HttpRequestException or Google.GoogleApiException or Google.Apis.Auth.OAuth2.Responses.TokenResponseException)
        {
            throw new ObjectStoreException($"Could not {action} {location}: {e.Message}");
        }
    }

    private static async Task<ObjectStoreException> DescribeAsync(HttpResponseMessage response, string location, string action)
    {
        string? reason = null, detail = null;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            var error = body.RootElement.GetProperty("error");
            detail = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (error.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0 && errors[0].TryGetProperty("reason", out var r))
                reason = r.GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        var status = (int)response.StatusCode;
        var advice = status switch
        {
            401 => "the credentials were not accepted (expired or revoked); refresh Application Default Credentials",
            403 => "the identity in use may not do this; it needs roles/storage.objectAdmin (or objectCreator and objectViewer) on the bucket",
            404 => "the bucket does not exist; create it or correct the location",
            _ => detail ?? $"the service answered {status} {response.ReasonPhrase}",
        };
        return new ObjectStoreException($"Google Cloud Storage refused to {action} {location} ({status}{(reason is null ? "" : " " + reason)}): {advice}.", status, reason);
    }

    private static long ParseSize(JsonElement item) =>
        item.TryGetProperty("size", out var size)
            ? size.ValueKind == JsonValueKind.Number ? size.GetInt64() : long.Parse(size.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;

    private static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag.Trim('"')
        ?? (response.Headers.TryGetValues("x-goog-generation", out var generation) ? generation.First() : "");

    private static Uri EmulatorEndpoint(string host) =>
        Uri.TryCreate(host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host, UriKind.Absolute, out var uri)
            ? uri
            : throw new ObjectStoreException($"{EmulatorVariable} must be a host:port or URL such as http://127.0.0.1:9023, not '{host}'.");

    private string Describe(string key) => $"gs://{_location.Bucket}/{key}";
}
