using System.Globalization;
using System.Security.Cryptography;

namespace Experiments.CloudEmulators.Storage;

/// <summary>One generation of an object held by the GCS emulator.</summary>
internal sealed record StoredObject(
    string Bucket,
    string Name,
    byte[] Content,
    long Generation,
    string ContentType,
    IReadOnlyDictionary<string, string>? Metadata,
    DateTimeOffset Created)
{
    public string Md5Hash { get; } = Convert.ToBase64String(MD5.HashData(Content));

    public string Crc32C { get; } = Storage.Crc32C.Base64(Content);

    /// <summary>The same value in the JSON <c>etag</c> and, quoted, in a download's <c>ETag</c> header.</summary>
    public string ETag { get; } = Convert.ToBase64String(BitConverter.GetBytes(Generation));

    public Dictionary<string, object?> ToJson(Uri baseUri)
    {
        var encoded = Uri.EscapeDataString(Name);
        var generation = Generation.ToString(CultureInfo.InvariantCulture);
        var time = Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new()
        {
            ["kind"] = "storage#object",
            ["id"] = $"{Bucket}/{Name}/{generation}",
            ["selfLink"] = new Uri(baseUri, $"storage/v1/b/{Bucket}/o/{encoded}").ToString(),
            ["mediaLink"] = new Uri(baseUri, $"download/storage/v1/b/{Bucket}/o/{encoded}?generation={generation}&alt=media").ToString(),
            ["name"] = Name,
            ["bucket"] = Bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = Content.Length.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = Md5Hash,
            ["crc32c"] = Crc32C,
            ["etag"] = ETag,
            ["timeCreated"] = time,
            ["updated"] = time,
            ["timeStorageClassUpdated"] = time,
            ["metadata"] = Metadata,
        };
    }
}
