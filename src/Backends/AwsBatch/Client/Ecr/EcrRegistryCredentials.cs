using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Backends.Container;

namespace Experiments.Backends.AwsBatch.Ecr;

/// <summary>
/// Logs in to Amazon ECR with the AWS credential chain, as <c>aws ecr get-login-password</c> does: for a registry named
/// <c>{account}.dkr.ecr.{region}.amazonaws.com</c>, ECR's <c>GetAuthorizationToken</c> (JSON 1.1, signed with SigV4 for
/// the <c>ecr</c> service in the registry's region) answers a base64 <c>AWS:{password}</c> valid for 12 hours, kept until
/// shortly before it expires. Any other registry (a test registry, a mirror) is talked to anonymously.
/// </summary>
public sealed partial class EcrRegistryCredentials : IRegistryCredentials, IDisposable
{
    public const string Target = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    public const string EndpointVariable = "AWS_ENDPOINT_URL_ECR";

    /// <summary>A token is renewed this long before AWS says it expires.</summary>
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(10);

    private static readonly MediaTypeHeaderValue Json11 = new("application/x-amz-json-1.1");

    private readonly AwsBatchClientOptions _options;
    private readonly HttpClient _http;
    private readonly Dictionary<string, (RegistryLogin Login, DateTimeOffset Until)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="options">The credentials, profile and environment to use (the backend's); <see cref="AwsBatchClientOptions.Endpoint"/>
    /// is ignored (that is Batch's): ECR's comes from <c>AWS_ENDPOINT_URL_ECR</c> or <paramref name="endpoint"/>.</param>
    /// <param name="endpoint">ECR's endpoint instead of <c>https://api.ecr.{region}.amazonaws.com</c> (moto in tests).</param>
    public EcrRegistryCredentials(AwsBatchClientOptions options, Uri? endpoint = null)
    {
        _options = options;
        Endpoint = endpoint;
        _http = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler(), disposeHandler: options.HttpHandler is null) { Timeout = options.RequestTimeout };
    }

    /// <summary>ECR's endpoint override, if any.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The account and region of an ECR registry host, or null when it is not one.</summary>
    public static (string Account, string Region, string Suffix)? Parse(string registry)
    {
        var match = EcrHost().Match(registry);
        return match.Success ? (match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["suffix"].Value) : null;
    }

    public async Task<RegistryLogin?> GetLoginAsync(string registry, CancellationToken cancellationToken)
    {
        if (Parse(registry) is not { } ecr)
            return null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.TryGetValue(registry, out var cached) && cached.Until > DateTimeOffset.UtcNow)
                return cached.Login;
            var (login, expires) = await FetchAsync(registry, ecr.Account, ecr.Region, ecr.Suffix, cancellationToken).ConfigureAwait(false);
            _cache[registry] = (login, expires - Renewal);
            return login;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private async Task<(RegistryLogin Login, DateTimeOffset Expires)> FetchAsync(string registry, string account, string region, string suffix, CancellationToken cancellationToken)
    {
        ImmutableCredentialsResult credentials;
        try
        {
            credentials = await CredentialsAsync(region).ConfigureAwait(false);
        }
        catch (AwsBatchException e)
        {
            throw new RegistryException($"Cannot log in to {registry}: {e.Message}", e);
        }
        var endpoint = Endpoint
            ?? Override(_options.Environment(EndpointVariable)) ?? Override(_options.Environment(AwsBatchConnection.EndpointVariable))
            ?? new Uri($"https://api.ecr.{region}.{suffix}/");
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { registryIds = new[] { account } }));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json11;
        AwsSigV4.Sign(request, body, credentials.Credentials, region, DateTime.UtcNow, "ecr",
            new Dictionary<string, string> { ["x-amz-target"] = Target });
        string text;
        int status;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var (code, message) = AwsBatchError.Parse(response.Headers, text);
                throw new RegistryException(string.Create(CultureInfo.InvariantCulture,
                    $"Amazon ECR refused GetAuthorizationToken for {registry} ({code ?? "no error code"}, HTTP {status}): {message ?? "no message"}. " +
                    $"Check that the AWS credentials{(credentials.Profile is null ? "" : $" (profile '{credentials.Profile}')")} allow ecr:GetAuthorizationToken in {region}."));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"Amazon ECR at {endpoint} did not answer GetAuthorizationToken for {registry}: {e.Message}", e);
        }
        return Read(registry, text);
    }

    /// <summary>The login in an answer: the first authorization datum's token, base64 of <c>AWS:{password}</c>.</summary>
    internal static (RegistryLogin Login, DateTimeOffset Expires) Read(string registry, string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var data = document.RootElement.GetProperty("authorizationData");
            if (data.GetArrayLength() == 0)
                throw new RegistryException($"Amazon ECR answered GetAuthorizationToken for {registry} without any authorization data.");
            var first = data[0];
            var token = Encoding.UTF8.GetString(Convert.FromBase64String(first.GetProperty("authorizationToken").GetString() ?? ""));
            var colon = token.IndexOf(':');
            if (colon <= 0)
                throw new RegistryException($"Amazon ECR's authorization token for {registry} is not 'user:password'.");
            // expiresAt is a timestamp in epoch seconds (fractional); without one, ECR's documented 12 hours.
            var expires = first.TryGetProperty("expiresAt", out var at) && at.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(at.GetDouble() * 1000))
                : DateTimeOffset.UtcNow.AddHours(12);
            // A token that claims to be expired already (moto's fixed date) is used once and fetched again next time.
            if (expires < DateTimeOffset.UtcNow + Renewal)
                expires = DateTimeOffset.UtcNow + Renewal;
            return (new RegistryLogin(token[..colon], token[(colon + 1)..]), expires);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RegistryException($"Amazon ECR's GetAuthorizationToken answer for {registry} cannot be read: {e.Message}", e);
        }
    }

    private async Task<ImmutableCredentialsResult> CredentialsAsync(string region)
    {
        var connection = AwsBatchConnection.Resolve(_options with { Region = region, Endpoint = null });
        return new ImmutableCredentialsResult(await connection.CredentialsAsync().ConfigureAwait(false), _options.Profile);
    }

    private static Uri? Override(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new RegistryException($"{EndpointVariable}/{AwsBatchConnection.EndpointVariable} must be an http(s) URL, not '{text}'.");

    private sealed record ImmutableCredentialsResult(Amazon.Runtime.ImmutableCredentials Credentials, string? Profile);

    [GeneratedRegex(@"^(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.(?<suffix>amazonaws\.com(\.cn)?)(:\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EcrHost();
}
