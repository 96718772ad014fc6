using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Experiments.Stores.Azure;

/// <summary>
/// Blobs under a container prefix, through the Blob REST API over Azure.Core's pipeline (retries, telemetry,
/// authorization policies): Put Blob, Get Blob with <c>x-ms-range</c>, Get Blob Properties, List Blobs with prefix and
/// marker. Azure.Storage.Blobs would do the same but does not restore from the registry these machines reach.
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    /// <summary>The Blob service version requests ask for; Azurite 3.35 serves it.</summary>
    public const string ServiceVersion = "2025-11-05";

    private readonly AzureBlobLocation _location;
    private readonly HttpPipeline _pipeline;
    private readonly string? _sas;
    private readonly int? _pageSize;

    public AzureBlobObjectStore(AzureBlobLocation location, ObjectStoreOptions? options = null)
    {
        options ??= new ObjectStoreOptions();
        _location = location;
        _pageSize = options.PageSize;
        var (policy, sas) = AzureBlobCredentials.For(location, options);
        _sas = sas;
        _pipeline = HttpPipelineBuilder.Build(new BlobPipelineOptions(), policy is null ? [] : [policy]);
    }

    public string Location => _location.ToString();

    /// <summary>Creates the container when it does not exist (tests, and users who let the tool set a store up).</summary>
    public async Task CreateContainerIfMissingAsync(CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Put, ContainerPath(), "restype=container");
        await SendAsync(message, "create the container", ContainerLocation(), cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 201 || (response.Status == 409 && AzureBlobErrors.Code(response) == "ContainerAlreadyExists"))
            return;
        throw AzureBlobErrors.Describe(response, ContainerLocation(), "create the container", _location);
    }

    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var blob = ObjectNames.Key(_location.Prefix, name);
        using var message = Message(RequestMethod.Put, BlobPath(blob), null);
        message.Request.Headers.Add("x-ms-blob-type", "BlockBlob");
        message.Request.Content = RequestContent.Create(content);
        await SendAsync(message, "write", Describe(blob), cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 201)
            throw AzureBlobErrors.Describe(message.Response, Describe(blob), "write", _location);
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetFromAsync(name, 0, cancellationToken).ConfigureAwait(false))?.Content;

    public async Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = ObjectNames.Key(_location.Prefix, name);
        using var message = Message(RequestMethod.Get, BlobPath(blob), null);
        if (offset > 0)
            message.Request.Headers.Add("x-ms-range", FormattableString.Invariant($"bytes={offset}-"));
        await SendAsync(message, "read", Describe(blob), cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        switch (response.Status)
        {
            case 200 or 206:
                var content = response.Content.ToArray();
                var size = TotalSize(response) ?? offset + content.Length;
                return new ObjectRange(offset, content, size, ETag(response));
            case 404 when AzureBlobErrors.Code(response) == "BlobNotFound":
                return null;
            case 416:
                return await EmptyRangeAsync(blob, offset, cancellationToken).ConfigureAwait(false);
            default:
                throw AzureBlobErrors.Describe(response, Describe(blob), "read", _location);
        }
    }

    public async Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var fullPrefix = _location.Prefix.Length == 0 ? prefix : $"{_location.Prefix}/{prefix}";
        var entries = new List<ObjectEntry>();
        string? marker = null;
        do
        {
            var query = new StringBuilder("restype=container&comp=list&prefix=").Append(Uri.EscapeDataString(fullPrefix));
            if (_pageSize is { } pageSize)
                query.Append("&maxresults=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
            if (marker is not null)
                query.Append("&marker=").Append(Uri.EscapeDataString(marker));
            using var message = Message(RequestMethod.Get, ContainerPath(), query.ToString());
            await SendAsync(message, "list", Describe(fullPrefix) + "*", cancellationToken).ConfigureAwait(false);
            if (message.Response.Status != 200)
                throw AzureBlobErrors.Describe(message.Response, Describe(fullPrefix) + "*", "list", _location);
            var root = XDocument.Parse(message.Response.Content.ToString()).Root!;
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var properties = blob.Element("Properties");
                entries.Add(new ObjectEntry(
                    ObjectNames.Relative(_location.Prefix, blob.Element("Name")!.Value),
                    long.Parse(properties?.Element("Content-Length")?.Value ?? "0", NumberStyles.None, CultureInfo.InvariantCulture),
                    ObjectNames.Unquote(properties?.Element("Etag")?.Value)));
            }
            marker = root.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public void Dispose()
    {
    }

    public override string ToString() => Location;

    /// <summary>A read from at or past the end (416): an empty range of an object that exists, if it does.</summary>
    private async Task<ObjectRange?> EmptyRangeAsync(string blob, long offset, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Head, BlobPath(blob), null);
        await SendAsync(message, "read", Describe(blob), cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404)
            return null;
        if (response.Status != 200)
            throw AzureBlobErrors.Describe(response, Describe(blob), "read", _location);
        var size = response.Headers.ContentLength ?? 0;
        return new ObjectRange(offset, [], size, ETag(response));
    }

    private HttpMessage Message(RequestMethod method, string path, string? query)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        var uri = new StringBuilder(_location.ServiceEndpoint.ToString().TrimEnd('/')).Append(path);
        var parts = new[] { query, _sas }.Where(p => !string.IsNullOrEmpty(p)).ToArray();
        if (parts.Length > 0)
            uri.Append('?').Append(string.Join('&', parts));
        request.Uri.Reset(new Uri(uri.ToString()));
        request.Headers.Add("x-ms-version", ServiceVersion);
        // Bodies are read into memory here; error bodies are small XML documents.
        message.BufferResponse = true;
        return message;
    }

    private async Task SendAsync(HttpMessage message, string action, string location, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or global::Azure.Identity.AuthenticationFailedException)
        {
            throw AzureBlobErrors.Unreachable(e, location, action);
        }
    }

    private string ContainerPath() => "/" + _location.Container;

    private string BlobPath(string blob) =>
        $"/{_location.Container}/{string.Join('/', blob.Split('/').Select(Uri.EscapeDataString))}";

    private string ContainerLocation() => $"{_location.ServiceEndpoint.ToString().TrimEnd('/')}/{_location.Container}";

    private string Describe(string blob) => $"{ContainerLocation()}/{blob}";

    private static string ETag(Response response) =>
        ObjectNames.Unquote(response.Headers.ETag?.ToString() ?? (response.Headers.TryGetValue("ETag", out var etag) ? etag : null));

    /// <summary>The total from <c>Content-Range: bytes 5-99/100</c>.</summary>
    private static long? TotalSize(Response response)
    {
        if (!response.Headers.TryGetValue("Content-Range", out var range))
            return null;
        var slash = range.LastIndexOf('/');
        return slash >= 0 && long.TryParse(range[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
    }

    /// <summary>Pipeline options: Azure.Core's defaults (3 retries with exponential back-off, redacted logging).</summary>
    private sealed class BlobPipelineOptions : ClientOptions
    {
    }
}
