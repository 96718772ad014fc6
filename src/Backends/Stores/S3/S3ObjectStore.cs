using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Experiments.Stores.S3;

/// <summary>Objects under <c>s3://bucket/prefix</c>, through AWSSDK.S3 (<see cref="S3ClientFactory"/> configures it).</summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 _client;
    private readonly S3Location _location;
    private readonly int? _pageSize;

    public S3ObjectStore(S3Location location, ObjectStoreOptions? options = null)
    {
        options ??= new ObjectStoreOptions();
        _location = location;
        _pageSize = options.PageSize;
        _client = S3ClientFactory.Create(options);
    }

    public string Location => _location.ToString();

    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key(_location.Prefix, name);
        try
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _location.Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                // Whole small objects: a plain signed body works with every S3-compatible server (chunked signing does not).
                UseChunkEncoding = false,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
        {
            throw S3Errors.Describe(e, Describe(key), "write");
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key(_location.Prefix, name);
        try
        {
            // S3 answers 204 whether or not the key existed.
            await _client.DeleteObjectAsync(_location.Bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
        {
            throw S3Errors.Describe(e, Describe(key), "delete");
        }
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetFromAsync(name, 0, cancellationToken).ConfigureAwait(false))?.Content;

    public async Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = ObjectNames.Key(_location.Prefix, name);
        var request = new GetObjectRequest { BucketName = _location.Bucket, Key = key };
        if (offset > 0)
            request.ByteRange = new ByteRange(FormattableString.Invariant($"bytes={offset}-"));
        try
        {
            using var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            var bytes = content.ToArray();
            var size = TotalSize(response.ContentRange) ?? offset + bytes.Length;
            return new ObjectRange(offset, bytes, size, ObjectNames.Unquote(response.ETag));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or null or "NotFound")
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return await EmptyRangeAsync(key, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
        {
            throw S3Errors.Describe(e, Describe(key), "read");
        }
    }

    public async Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var fullPrefix = _location.Prefix.Length == 0 ? prefix : $"{_location.Prefix}/{prefix}";
        var entries = new List<ObjectEntry>();
        var request = new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = fullPrefix };
        if (_pageSize is { } pageSize)
            request.MaxKeys = pageSize;
        try
        {
            while (true)
            {
                var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.S3Objects ?? [])
                    entries.Add(new ObjectEntry(ObjectNames.Relative(_location.Prefix, item.Key), item.Size ?? 0, ObjectNames.Unquote(item.ETag)));
                if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
                    break;
                request.ContinuationToken = response.NextContinuationToken;
            }
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
        {
            throw S3Errors.Describe(e, Describe(fullPrefix) + "*", "list");
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public void Dispose() => _client.Dispose();

    public override string ToString() => Location;

    /// <summary>A read from at or past the end: S3 answers 416, which is an empty range of an object that exists.</summary>
    private async Task<ObjectRange?> EmptyRangeAsync(string key, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_location.Bucket, key, cancellationToken).ConfigureAwait(false);
            return new ObjectRange(offset, [], metadata.ContentLength, ObjectNames.Unquote(metadata.ETag));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
        {
            throw S3Errors.Describe(e, Describe(key), "read");
        }
    }

    /// <summary>The total from a <c>Content-Range: bytes 5-99/100</c> header.</summary>
    private static long? TotalSize(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange![(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : null;
    }

    private string Describe(string key) => $"s3://{_location.Bucket}/{key}";
}
