using System.Net;
using System.Net.Http.Headers;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Cloud.Storage.V1;

namespace Experiments.Stores.Gcs;

/// <summary>
/// Objects under <c>gs://bucket/prefix</c>, through Google.Cloud.Storage.V1. Credentials: the given
/// <see cref="GoogleCredential"/>, else Application Default Credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>,
/// gcloud's, or the metadata server of a Batch VM). <c>STORAGE_EMULATOR_HOST</c> (read from the options' environment,
/// as Google's client libraries read it from the process's) sends requests to an emulator, with credentials when there
/// are any (a metadata server emulator through <c>GCE_METADATA_HOST</c>), else anonymously.
/// </summary>
public sealed class GcsObjectStore : IObjectStore
{
    public const string EmulatorVariable = "STORAGE_EMULATOR_HOST";
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    private readonly GcsLocation _location;
    private readonly int? _pageSize;
    private readonly Lazy<Task<StorageClient>> _client;

    public GcsObjectStore(GcsLocation location, ObjectStoreOptions? options = null)
    {
        options ??= new ObjectStoreOptions();
        _location = location;
        _pageSize = options.PageSize;
        var emulator = options.Environment(EmulatorVariable);
        var baseUri = string.IsNullOrWhiteSpace(emulator) ? null : EmulatorEndpoint(emulator.Trim());
        var given = options.GoogleCredential;
        var handler = options.HttpHandler;
        _client = new Lazy<Task<StorageClient>>(async () =>
        {
            var builder = new StorageClientBuilder { BaseUri = baseUri };
            if (handler is not null)
                builder.HttpClientFactory = new HandlerFactory(handler);
            if (given is not null)
                builder.GoogleCredential = given.CreateScoped(Scope);
            else if (baseUri is null)
                builder.GoogleCredential = (await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)).CreateScoped(Scope);
            else
            {
                try
                {
                    builder.GoogleCredential = (await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)).CreateScoped(Scope);
                }
                catch (InvalidOperationException)
                {
                    builder.UnauthenticatedAccess = true; // an emulator that takes anonymous requests
                }
            }
            return await builder.BuildAsync().ConfigureAwait(false);
        });
    }

    public string Location => _location.ToString();

    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key(_location.Prefix, name);
        await CallAsync(async client =>
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            return await client.UploadObjectAsync(_location.Bucket, key, "application/octet-stream", body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }, "write", Describe(key), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key(_location.Prefix, name);
        try
        {
            await CallAsync(async client =>
            {
                await client.DeleteObjectAsync(_location.Bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }, "delete", Describe(key), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectStoreException e) when (e.StatusCode == 404)
        {
            // Already gone: what a delete wants.
        }
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetFromAsync(name, 0, cancellationToken).ConfigureAwait(false))?.Content;

    /// <summary>
    /// The object's metadata, then its bytes from the offset at that generation: the size and ETag belong to the bytes
    /// read even when a writer replaces the object in between, and a read at or past the end needs no download.
    /// </summary>
    public async Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = ObjectNames.Key(_location.Prefix, name);
        try
        {
            return await CallAsync(async client =>
            {
                var metadata = await client.GetObjectAsync(_location.Bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                var size = (long)(metadata.Size ?? 0);
                if (offset >= size)
                    return new ObjectRange(offset, [], size, metadata.ETag ?? "");
                using var content = new MemoryStream();
                await client.DownloadObjectAsync(metadata, content, new DownloadObjectOptions
                {
                    Generation = metadata.Generation,
                    Range = offset > 0 ? new RangeHeaderValue(offset, null) : null,
                    // The service's hashes are of the whole object: only a whole read can be checked against them.
                    DownloadValidationMode = offset > 0 ? DownloadValidationMode.Never : DownloadValidationMode.Always,
                }, cancellationToken).ConfigureAwait(false);
                return new ObjectRange(offset, content.ToArray(), size, metadata.ETag ?? "");
            }, "read", Describe(key), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectStoreException e) when (e.StatusCode == 404 && e.ErrorCode != "noSuchBucket")
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var fullPrefix = _location.Prefix.Length == 0 ? prefix : $"{_location.Prefix}/{prefix}";
        var entries = await CallAsync(async client =>
        {
            var found = new List<ObjectEntry>();
            var objects = client.ListObjectsAsync(_location.Bucket, fullPrefix, new ListObjectsOptions
            {
                PageSize = _pageSize,
                Fields = "items(name,size,etag),nextPageToken",
            });
            await foreach (var item in objects.WithCancellation(cancellationToken).ConfigureAwait(false))
                found.Add(new ObjectEntry(ObjectNames.Relative(_location.Prefix, item.Name), (long)(item.Size ?? 0), item.ETag ?? ""));
            return found;
        }, "list", Describe(fullPrefix) + "*", cancellationToken).ConfigureAwait(false);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public void Dispose()
    {
        if (_client.IsValueCreated && _client.Value.IsCompletedSuccessfully)
            _client.Value.Result.Dispose();
    }

    public override string ToString() => Location;

    /// <summary>Runs one call of the client, turning its failures into an <see cref="ObjectStoreException"/> that says what to check.</summary>
    private async Task<T> CallAsync<T>(Func<StorageClient, Task<T>> call, string action, string location, CancellationToken cancellationToken)
    {
        try
        {
            return await call(await _client.Value.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            throw new ObjectStoreException(
                $"Could not {action} {location}: no Google credentials were found. Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, " +
                "run 'gcloud auth application-default login', or run where the metadata server provides them (a Batch VM).");
        }
        catch (GoogleApiException e) when (e.HttpStatusCode != 0)
        {
            throw Describe(e, location, action);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout: the service did not answer in time.
            throw new ObjectStoreException($"Could not {action} {location}: Google Cloud Storage did not answer in time ({e.Message}).");
        }
        catch (Exception e) when (e is HttpRequestException or GoogleApiException or Google.Apis.Auth.OAuth2.Responses.TokenResponseException or IOException and not ObjectStoreException)
        {
            throw new ObjectStoreException($"Could not {action} {location}: {e.Message}");
        }
    }

    private ObjectStoreException Describe(GoogleApiException e, string location, string action)
    {
        var status = (int)e.HttpStatusCode;
        var reason = e.Error?.Errors is { Count: > 0 } errors ? errors[0].Reason : null;
        var missingBucket = status == 404 && (e.Error?.Message ?? "").Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase);
        var advice = status switch
        {
            401 => "the credentials were not accepted (expired or revoked); refresh Application Default Credentials",
            403 => "the identity in use may not do this; it needs roles/storage.objectAdmin (or objectCreator and objectViewer) on the bucket",
            404 when missingBucket || action != "read" => "the bucket does not exist; create it or correct the location",
            404 => "there is no such object",
            _ => e.Error?.Message ?? $"the service answered {status} {e.HttpStatusCode}",
        };
        return new ObjectStoreException($"Google Cloud Storage refused to {action} {location} ({status}{(reason is null ? "" : " " + reason)}): {advice}.", status,
            missingBucket ? "noSuchBucket" : reason);
    }

    private static string EmulatorEndpoint(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? $"{uri.GetLeftPart(UriPartial.Authority)}/storage/v1/"
            : throw new ObjectStoreException($"{EmulatorVariable} must be a host:port or URL such as http://127.0.0.1:9023, not '{host}'.");
    }

    private string Describe(string key) => $"gs://{_location.Bucket}/{key}";

    /// <summary>Sends the client's requests through a given handler (tests, proxies).</summary>
    private sealed class HandlerFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new NonDisposing(handler);

        private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override void Dispose(bool disposing)
            {
                // The handler belongs to whoever passed it in.
            }
        }
    }
}
