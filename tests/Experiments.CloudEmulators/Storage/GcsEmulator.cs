using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.Storage;

/// <summary>
/// The Google Cloud Storage JSON API's object calls on 127.0.0.1, in memory: insert (media, multipart and
/// resumable uploads), get (metadata, or <c>alt=media</c> with <c>Range</c>), list (prefix, delimiter, paging) and delete, with generations,
/// md5Hash, crc32c and <c>ifGenerationMatch</c>/<c>ifGenerationNotMatch</c> preconditions. Every request is checked
/// against the official discovery document and needs a bearer token.
/// </summary>
public sealed class GcsEmulator() : GoogleApiEmulator(DiscoveryContract.GoogleStorage)
{
    private const int DefaultMaxResults = 1000;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _buckets = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Bucket, string Name), StoredObject> _objects = new();
    private readonly Dictionary<string, ResumableUpload> _uploads = new(StringComparer.Ordinal);
    private long _lastGeneration;

    /// <summary>The contract every request is checked against.</summary>
    public static DiscoveryContract Contract => DiscoveryContract.GoogleStorage;

    /// <summary>Creates a bucket (idempotent); objects can only be written to buckets that exist.</summary>
    public void AddBucket(string name)
    {
        lock (_gate)
            _buckets.Add(name);
    }

    /// <summary>The content of an object, or null; for tests to check what a backend uploaded.</summary>
    public byte[]? Read(string bucket, string name)
    {
        lock (_gate)
            return _objects.TryGetValue((bucket, name), out var stored) ? stored.Content : null;
    }

    /// <summary>The names of the objects in a bucket, in order.</summary>
    public IReadOnlyList<string> ObjectNames(string bucket)
    {
        lock (_gate)
            return _objects.Keys.Where(k => k.Bucket == bucket).Select(k => k.Name).ToArray();
    }

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null) =>
        GoogleErrors.Reply(status, message, violations, status == 400 ? "invalid" : null);

    protected override EmulatorReply Throttled() =>
        GoogleErrors.Reply(429, "The rate of requests is too high (emulated throttling).", null, "rateLimitExceeded");

    protected override async ValueTask<JsonElement?> ParseBodyAsync(EmulatorRequest request)
    {
        if (request.Operation?.Id != "storage.objects.insert" || !request.Path.StartsWith("/upload/", StringComparison.Ordinal)
            || request.Query.GetValueOrDefault("uploadType") == "resumable")
            return await base.ParseBodyAsync(request).ConfigureAwait(false);
        // A media upload's body is the object itself; a multipart upload's JSON part is the metadata to check.
        return MultipartUpload.IsMultipart(request.ContentType)
            ? (await MultipartUpload.ReadAsync(request.ContentType!, request.BodyBytes).ConfigureAwait(false)).Metadata
            : null;
    }

    protected override async Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var values = request.Operation!.PathValues;
        var bucket = values["bucket"];
        MultipartUpload? multipart = null;
        if (request.Operation.Id == "storage.objects.insert" && MultipartUpload.IsMultipart(request.ContentType))
            multipart = await MultipartUpload.ReadAsync(request.ContentType!, request.BodyBytes).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_buckets.Contains(bucket))
                return GoogleErrors.Reply(404, $"The specified bucket does not exist: {bucket}.", null, "notFound");
            return request.Operation.Id switch
            {
                "storage.objects.insert" => Insert(bucket, request, multipart),
                "storage.objects.get" => Get(bucket, values["object"], request),
                "storage.objects.list" => List(bucket, request),
                "storage.objects.delete" => Delete(bucket, values["object"], request),
                var other => GoogleErrors.Reply(501, $"{other} is a valid storage method that this emulator does not implement; it implements objects.insert, get, list and delete.", null),
            };
        }
    }

    /// <summary>
    /// A PUT to a resumable upload's session URI: the service's own URI, not a method of the discovery document (the
    /// request that started the session was checked against it), so it is answered before the contract.
    /// </summary>
    protected override EmulatorReply? Precheck(EmulatorRequest request)
    {
        if (request.Method != "PUT" || !request.Query.TryGetValue("upload_id", out var id))
            return null;
        lock (_gate)
        {
            if (!_uploads.TryGetValue(id, out var upload))
                return GoogleErrors.Reply(404, $"No resumable upload session {id}.", null, "notFound");
            var (complete, error) = upload.Accept(request.Header("Content-Range"), request.BodyBytes);
            if (error is not null)
            {
                var violation = new ContractViolation("header.Content-Range", error);
                RecordViolations(request, [violation]);
                return GoogleErrors.Reply(400, error, [violation], "invalid");
            }
            if (!complete)
            {
                var received = new Dictionary<string, string>();
                if (upload.Received > 0)
                    received["Range"] = FormattableString.Invariant($"bytes=0-{upload.Received - 1}");
                return EmulatorReply.Empty(308, received);
            }
            _uploads.Remove(id);
            _objects.TryGetValue((upload.Bucket, upload.Name), out var existing);
            if (Precondition(existing, upload.StartQuery, "POST") is { } failed)
                return failed;
            var stored = Store(upload.Bucket, upload.Name, upload.Metadata, upload.Content, null);
            if (stored.Status == 200)
            {
                var json = JsonSerializer.SerializeToElement(stored.Json);
                var broken = Contract.ValidateResponse("POST", $"/upload/storage/v1/b/{Uri.EscapeDataString(upload.Bucket)}/o", json);
                if (broken.Count > 0)
                    throw new ContractViolationException("The emulator's answer to a finished resumable upload", broken);
            }
            return stored;
        }
    }

    private EmulatorReply Insert(string bucket, EmulatorRequest request, MultipartUpload? multipart)
    {
        var uploadType = request.Query.GetValueOrDefault("uploadType");
        if (uploadType == "resumable")
            return StartResumable(bucket, request);
        // Uploads go to /upload/… (media: the body is the object; multipart: metadata then media); a plain insert's
        // body is metadata only and creates an empty object.
        var isUpload = request.Path.StartsWith("/upload/", StringComparison.Ordinal);
        var metadata = multipart?.Metadata ?? (isUpload ? null : request.Body);
        var name = metadata is { } m && m.TryGetProperty("name", out var n) ? n.GetString() : request.Query.GetValueOrDefault("name");
        if (string.IsNullOrEmpty(name))
            return GoogleErrors.Reply(400, "The object needs a name: the 'name' query parameter or the metadata's name.", [new("query.name", "required for an upload")], "required");
        _objects.TryGetValue((bucket, name), out var existing);
        if (Precondition(existing, request) is { } failed)
            return failed;
        var content = multipart?.Media ?? (isUpload ? request.BodyBytes : []);
        return Store(bucket, name, metadata, content, multipart is not null ? multipart.MediaContentType : isUpload ? request.ContentType : null);
    }

    /// <summary>Starts a resumable upload: the session URI goes back in <c>Location</c>, as Cloud Storage answers.</summary>
    private EmulatorReply StartResumable(string bucket, EmulatorRequest request)
    {
        var metadata = request.Body;
        var name = metadata is { } m && m.TryGetProperty("name", out var n) ? n.GetString() : request.Query.GetValueOrDefault("name");
        if (string.IsNullOrEmpty(name))
            return GoogleErrors.Reply(400, "The object needs a name: the 'name' query parameter or the metadata's name.", [new("query.name", "required for an upload")], "required");
        if (Precondition(_objects.GetValueOrDefault((bucket, name)), request) is { } failed)
            return failed;
        var id = Guid.NewGuid().ToString("N");
        _uploads[id] = new ResumableUpload(bucket, name, metadata, request.Query);
        var session = new Uri(BaseUri, $"upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={id}");
        return EmulatorReply.Empty(200, new Dictionary<string, string> { ["Location"] = session.AbsoluteUri });
    }

    /// <summary>Writes a new generation of an object and answers with its metadata.</summary>
    private EmulatorReply Store(string bucket, string name, JsonElement? metadata, byte[] content, string? sentContentType)
    {
        string? contentType = null;
        if (metadata is { } withType && withType.TryGetProperty("contentType", out var c))
            contentType = c.GetString();
        contentType ??= sentContentType;
        var userMetadata = metadata is { } md && md.TryGetProperty("metadata", out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : null;
        if (metadata is { } sent && sent.TryGetProperty("md5Hash", out var expectedMd5))
        {
            var actual = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(content));
            if (expectedMd5.GetString() != actual)
                return GoogleErrors.Reply(400, $"Provided MD5 hash {expectedMd5.GetString()} does not match the content's {actual}.", null, "invalid");
        }
        var stored = new StoredObject(bucket, name, content, NextGeneration(), contentType ?? "application/octet-stream", userMetadata, DateTimeOffset.UtcNow);
        _objects[(bucket, name)] = stored;
        return new EmulatorReply(200, stored.ToJson(BaseUri));
    }

    private EmulatorReply Get(string bucket, string name, EmulatorRequest request)
    {
        if (!_objects.TryGetValue((bucket, name), out var stored))
            return GoogleErrors.Reply(404, $"No such object: {bucket}/{name}", null, "notFound");
        if (request.Query.TryGetValue("generation", out var generation) && generation != stored.Generation.ToString(CultureInfo.InvariantCulture))
            return GoogleErrors.Reply(404, $"No such object: {bucket}/{name} at generation {generation} (only the live generation is kept).", null, "notFound");
        if (request.Query.TryGetValue("ifGenerationNotMatch", out var notMatch) && notMatch == stored.Generation.ToString(CultureInfo.InvariantCulture))
            return EmulatorReply.Empty(304);
        if (Precondition(stored, request) is { } failed)
            return failed;
        if (request.Query.GetValueOrDefault("alt") != "media")
            return new EmulatorReply(200, stored.ToJson(BaseUri));
        var headers = new Dictionary<string, string>
        {
            ["ETag"] = $"\"{stored.ETag}\"",
            ["x-goog-generation"] = stored.Generation.ToString(CultureInfo.InvariantCulture),
            ["x-goog-hash"] = $"crc32c={stored.Crc32C},md5={stored.Md5Hash}",
            ["x-goog-stored-content-length"] = stored.Content.Length.ToString(CultureInfo.InvariantCulture),
        };
        var range = request.Header("Range");
        if (string.IsNullOrEmpty(range))
            return new EmulatorReply(200, Bytes: stored.Content, ContentType: stored.ContentType, Headers: headers);
        if (ByteRange.Parse(range, stored.Content.Length) is not { } slice)
        {
            headers["Content-Range"] = $"bytes */{stored.Content.Length}";
            return GoogleErrors.Reply(416, $"The range '{range}' cannot be satisfied for an object of {stored.Content.Length} bytes.", null, "requestedRangeNotSatisfiable") with { Headers = headers };
        }
        headers["Content-Range"] = $"bytes {slice.Start}-{slice.End}/{stored.Content.Length}";
        return new EmulatorReply(206, Bytes: stored.Content[(int)slice.Start..(int)(slice.End + 1)], ContentType: stored.ContentType, Headers: headers);
    }

    private EmulatorReply List(string bucket, EmulatorRequest request)
    {
        var prefix = request.Query.GetValueOrDefault("prefix") ?? "";
        var delimiter = request.Query.GetValueOrDefault("delimiter");
        var start = request.Query.GetValueOrDefault("startOffset");
        var end = request.Query.GetValueOrDefault("endOffset");
        var maxResults = request.Query.TryGetValue("maxResults", out var m) ? Math.Clamp(int.Parse(m, CultureInfo.InvariantCulture), 1, DefaultMaxResults) : DefaultMaxResults;
        // Objects and, with a delimiter, the distinct prefixes up to it, in name order: pages cut across both.
        var entries = new SortedDictionary<string, StoredObject?>(StringComparer.Ordinal);
        foreach (var ((b, name), stored) in _objects)
        {
            if (b != bucket || !name.StartsWith(prefix, StringComparison.Ordinal)
                || (start is not null && string.CompareOrdinal(name, start) < 0) || (end is not null && string.CompareOrdinal(name, end) >= 0))
                continue;
            var cut = string.IsNullOrEmpty(delimiter) ? -1 : name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut < 0)
                entries[name] = stored;
            else
                entries.TryAdd(name[..(cut + delimiter!.Length)], null);
        }
        var token = request.Query.GetValueOrDefault("pageToken");
        var after = token is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(token));
        var page = entries.Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0).Take(maxResults + 1).ToList();
        var more = page.Count > maxResults;
        if (more)
            page.RemoveAt(page.Count - 1);
        var json = new Dictionary<string, object?> { ["kind"] = "storage#objects" };
        var items = page.Where(e => e.Value is not null).Select(e => e.Value!.ToJson(BaseUri)).ToList();
        var prefixes = page.Where(e => e.Value is null).Select(e => e.Key).ToList();
        if (items.Count > 0)
            json["items"] = items;
        if (prefixes.Count > 0)
            json["prefixes"] = prefixes;
        if (more)
            json["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key));
        return new EmulatorReply(200, json);
    }

    private EmulatorReply Delete(string bucket, string name, EmulatorRequest request)
    {
        if (!_objects.TryGetValue((bucket, name), out var stored))
            return GoogleErrors.Reply(404, $"No such object: {bucket}/{name}", null, "notFound");
        if (Precondition(stored, request) is { } failed)
            return failed;
        _objects.Remove((bucket, name));
        return EmulatorReply.Empty(204);
    }

    /// <summary>412 when <c>ifGenerationMatch</c> (0: must not exist) or <c>ifGenerationNotMatch</c> fails.</summary>
    private static EmulatorReply? Precondition(StoredObject? current, EmulatorRequest request) => Precondition(current, request.Query, request.Method);

    private static EmulatorReply? Precondition(StoredObject? current, IReadOnlyDictionary<string, string> query, string method)
    {
        var generation = current?.Generation ?? 0;
        if (query.TryGetValue("ifGenerationMatch", out var match) && long.Parse(match, CultureInfo.InvariantCulture) != generation)
            return GoogleErrors.Reply(412, $"At least one of the pre-conditions you specified did not hold: ifGenerationMatch={match}, current generation {generation}.", null, "conditionNotMet");
        if (method != "GET" && query.TryGetValue("ifGenerationNotMatch", out var notMatch) && long.Parse(notMatch, CultureInfo.InvariantCulture) == generation)
            return GoogleErrors.Reply(412, $"At least one of the pre-conditions you specified did not hold: ifGenerationNotMatch={notMatch}.", null, "conditionNotMet");
        return null;
    }

    private long NextGeneration()
    {
        // Like GCS: microseconds since the epoch, strictly increasing.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        _lastGeneration = Math.Max(now, _lastGeneration + 1);
        return _lastGeneration;
    }
}
