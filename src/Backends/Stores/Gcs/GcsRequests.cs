using System.Globalization;
using System.Text;

namespace Experiments.Stores.Gcs;

/// <summary>
/// The JSON API requests the store sends (google-storage-v1 discovery document: <c>storage.objects.insert</c> as a
/// media upload, <c>storage.objects.get</c> with <c>alt=media</c> or for metadata, <c>storage.objects.list</c>), built
/// apart from sending so that tests can check them against the document.
/// </summary>
internal sealed class GcsRequests(Uri endpoint, string bucket)
{
    private string Base => endpoint.ToString().TrimEnd('/');

    public HttpRequestMessage Insert(string objectName, ReadOnlyMemory<byte> content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"{Base}/upload/storage/v1/b/{Escape(bucket)}/o?uploadType=media&name={Escape(objectName)}")
        {
            Content = new ReadOnlyMemoryContent(content),
        };
        request.Content.Headers.ContentType = new("application/octet-stream");
        return request;
    }

    public HttpRequestMessage Media(string objectName, long offset)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/storage/v1/b/{Escape(bucket)}/o/{Escape(objectName)}?alt=media");
        if (offset > 0)
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, null);
        return request;
    }

    public HttpRequestMessage Metadata(string objectName) =>
        new(HttpMethod.Get, $"{Base}/storage/v1/b/{Escape(bucket)}/o/{Escape(objectName)}?fields=size%2Cetag%2Cgeneration");

    public HttpRequestMessage List(string prefix, string? pageToken, int? pageSize)
    {
        var query = new StringBuilder("prefix=").Append(Escape(prefix))
            .Append("&fields=").Append(Escape("items(name,size,etag),nextPageToken"));
        if (pageSize is { } size)
            query.Append("&maxResults=").Append(size.ToString(CultureInfo.InvariantCulture));
        if (pageToken is not null)
            query.Append("&pageToken=").Append(Escape(pageToken));
        return new HttpRequestMessage(HttpMethod.Get, $"{Base}/storage/v1/b/{Escape(bucket)}/o?{query}");
    }

    /// <summary>Object names are one path segment in the JSON API: '/' is escaped too.</summary>
    private static string Escape(string text) => Uri.EscapeDataString(text);
}
