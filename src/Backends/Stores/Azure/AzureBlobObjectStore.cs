using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Experiments.Stores.Azure;

/// <summary>
/// Blobs under a container prefix, through Azure.Storage.Blobs (its retries, Shared Key / SAS / Entra ID signing and
/// redacted logging): Put Blob, Get Blob from an offset, Get Blob Properties, List Blobs by prefix over pages.
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    /// <summary>The Blob service version requests ask for: the newest that Azurite 3.35 serves.</summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2025_11_05;

    private readonly AzureBlobLocation _location;
    private readonly BlobContainerClient _container;
    private readonly int? _pageSize;

    public AzureBlobObjectStore(AzureBlobLocation location, ObjectStoreOptions? options = null)
    {
        options ??= new ObjectStoreOptions();
        _location = location;
        _pageSize = options.PageSize;
        var clientOptions = new BlobClientOptions(ServiceVersion);
        if (options.HttpHandler is { } handler)
            clientOptions.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        _container = AzureBlobCredentials.Container(location, options, clientOptions);
    }

    public string Location => _location.ToString();

    /// <summary>Creates the container when it does not exist (tests, and users who let the tool set a store up).</summary>
    public Task CreateContainerIfMissingAsync(CancellationToken cancellationToken) =>
        CallAsync(() => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), "create the container", ContainerLocation());

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var blob = ObjectNames.Key(_location.Prefix, name);
        return CallAsync(() => _container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken),
            "write", Describe(blob));
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var blob = ObjectNames.Key(_location.Prefix, name);
        return CallAsync(() => _container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken), "delete", Describe(blob));
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetFromAsync(name, 0, cancellationToken).ConfigureAwait(false))?.Content;

    public async Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = _container.GetBlobClient(ObjectNames.Key(_location.Prefix, name));
        var options = new BlobDownloadOptions { Range = offset > 0 ? new HttpRange(offset) : default };
        try
        {
            var download = await CallAsync(() => blob.DownloadContentAsync(options, cancellationToken), "read", Describe(blob.Name)).ConfigureAwait(false);
            var content = download.Value.Content.ToArray();
            var details = download.Value.Details;
            var size = TotalSize(details.ContentRange) ?? offset + content.Length;
            return new ObjectRange(offset, content, size, ObjectNames.Unquote(details.ETag.ToString()));
        }
        catch (ObjectStoreException e) when (e.ErrorCode == "BlobNotFound" || (e.StatusCode == 404 && e.ErrorCode is null))
        {
            return null;
        }
        catch (ObjectStoreException e) when (e.StatusCode == 416)
        {
            // A read from at or past the end: an empty range of the object, if it exists.
            try
            {
                var properties = await CallAsync(() => blob.GetPropertiesAsync(cancellationToken: cancellationToken), "read", Describe(blob.Name)).ConfigureAwait(false);
                return new ObjectRange(offset, [], properties.Value.ContentLength, ObjectNames.Unquote(properties.Value.ETag.ToString()));
            }
            catch (ObjectStoreException missing) when (missing.StatusCode == 404)
            {
                return null;
            }
        }
    }

    public async Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var fullPrefix = _location.Prefix.Length == 0 ? prefix : $"{_location.Prefix}/{prefix}";
        var entries = new List<ObjectEntry>();
        await CallAsync(async () =>
        {
            var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = fullPrefix }, cancellationToken).AsPages(pageSizeHint: _pageSize);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                foreach (var item in page.Values)
                {
                    entries.Add(new ObjectEntry(ObjectNames.Relative(_location.Prefix, item.Name),
                        item.Properties.ContentLength ?? 0, ObjectNames.Unquote(item.Properties.ETag?.ToString())));
                }
            }
            return true;
        }, "list", Describe(fullPrefix) + "*").ConfigureAwait(false);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public void Dispose()
    {
    }

    public override string ToString() => Location;

    /// <summary>Runs one SDK call, turning its failures (a refusal, or retries run out) into an <see cref="ObjectStoreException"/>.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action, string location)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            throw AzureBlobErrors.Describe(e, location, action, _location);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or global::Azure.Identity.AuthenticationFailedException)
        {
            throw AzureBlobErrors.Unreachable(e, location, action);
        }
    }

    private string ContainerLocation() => $"{_location.ServiceEndpoint.ToString().TrimEnd('/')}/{_location.Container}";

    private string Describe(string blob) => $"{ContainerLocation()}/{blob}";

    /// <summary>The total from <c>Content-Range: bytes 5-99/100</c>.</summary>
    private static long? TotalSize(string? range)
    {
        var slash = range?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(range![(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var total) ? total : null;
    }
}
