using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Experiments.CloudEmulators.Storage;

/// <summary>A <c>multipart/related</c> upload: the object's JSON metadata, then its bytes.</summary>
internal sealed record MultipartUpload(JsonElement Metadata, byte[] Media, string? MediaContentType)
{
    public static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/related", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="InvalidDataException">The body is not two parts, metadata then media.</exception>
    public static async Task<MultipartUpload> ReadAsync(string contentType, byte[] body)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(contentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new InvalidDataException("A multipart/related upload needs a boundary in its Content-Type.");
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var parts = new List<(string? ContentType, byte[] Bytes)>();
        while (await reader.ReadNextSectionAsync().ConfigureAwait(false) is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer).ConfigureAwait(false);
            parts.Add((section.ContentType, buffer.ToArray()));
        }
        if (parts.Count != 2)
            throw new InvalidDataException($"A multipart upload has two parts (JSON metadata, then the media); this one has {parts.Count}.");
        using var metadata = JsonDocument.Parse(parts[0].Bytes);
        return new MultipartUpload(metadata.RootElement.Clone(), parts[1].Bytes, parts[1].ContentType);
    }
}
