using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// Signs one rest-json request with Signature Version 4 using AWSSDK.Core's <see cref="AWS4Signer"/>: this class
/// writes the canonical request (AWS Batch requests are POSTs of a JSON body to a fixed path, with no query), the SDK
/// derives the key and computes the signature and the <c>Authorization</c> value.
/// </summary>
internal static class AwsSigV4
{
    public const string Service = "batch";

    /// <summary>Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c>, <c>x-amz-security-token</c> (temporary credentials) and <c>Authorization</c>.</summary>
    /// <param name="service">The signing name: <c>batch</c>, or <c>ecr</c> for the registry login.</param>
    /// <param name="signedHeaders">Further headers to add and sign (JSON 1.1's <c>x-amz-target</c>), lowercase names.</param>
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, DateTime signedAtUtc,
        string service = Service, IReadOnlyDictionary<string, string>? signedHeaders = null)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = signedAtUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
            headers["content-type"] = contentType.ToString();
        if (credentials.UseToken)
            headers["x-amz-security-token"] = credentials.Token;
        foreach (var (name, value) in signedHeaders ?? new Dictionary<string, string>())
            headers[name.ToLowerInvariant()] = value;

        var signedHeaderNames = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        canonical.Append('\n').Append(signedHeaderNames).Append('\n').Append(payloadHash);

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, service, signedHeaderNames, canonical.ToString());
        request.Headers.Host = headers["host"];
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        if (credentials.UseToken)
            request.Headers.TryAddWithoutValidation("x-amz-security-token", credentials.Token);
        foreach (var (name, value) in signedHeaders ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>Each path segment URI-encoded (RFC 3986 unreserved characters kept), as SigV4 wants for non-S3 services.</summary>
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
            return "/";
        return string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.UnescapeDataString(segment))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
            return "";
        return string.Join('&', query.Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(kv[0])), Value: kv.Length > 1 ? Uri.EscapeDataString(Uri.UnescapeDataString(kv[1])) : ""))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
    }
}
