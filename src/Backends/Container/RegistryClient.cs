using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Experiments.Backends.Container;

/// <summary>
/// The few calls of the OCI distribution API (v2) a backend needs before pushing: whether a tag is already in the
/// registry. Logs in the way the registry asks in its <c>WWW-Authenticate</c> challenge: Basic with the login (ECR), or
/// a Bearer token from the challenge's realm, fetched with the login as Basic credentials (ACR, Artifact Registry,
/// Docker's token servers).
/// </summary>
public sealed class RegistryClient
{
    /// <summary>The manifest types a tag may point at: OCI and Docker v2 single-platform manifests and multi-platform indexes.</summary>
    public static IReadOnlyList<string> ManifestMediaTypes { get; } =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    private readonly HttpClient _http;
    private readonly IRegistryCredentials _credentials;
    private readonly bool _plainHttp;

    /// <param name="http">The client to send with; the caller owns it.</param>
    /// <param name="credentials">Where the login comes from when the registry asks for one.</param>
    /// <param name="plainHttp">True for a registry that speaks HTTP rather than HTTPS (a test registry).</param>
    public RegistryClient(HttpClient http, IRegistryCredentials credentials, bool plainHttp = false)
    {
        _http = http;
        _credentials = credentials;
        _plainHttp = plainHttp;
    }

    /// <summary>
    /// True when the registry has a manifest under <paramref name="image"/>'s tag (or digest); false when it does not,
    /// including when the repository itself does not exist yet.
    /// </summary>
    /// <exception cref="RegistryException">The registry cannot be reached, refuses the login, or answers something else.</exception>
    public async Task<bool> TagExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var url = new Uri($"{BaseUrl(image.Registry)}/v2/{image.Repository}/manifests/{Uri.EscapeDataString(image.ManifestReference)}");
        using var first = await SendAsync(HeadManifest(url, null), image, cancellationToken).ConfigureAwait(false);
        if (first.StatusCode != HttpStatusCode.Unauthorized)
            return Interpret(first, image, loggedIn: false);

        var challenge = AuthenticationChallenge.Parse(first.Headers.WwwAuthenticate.ToString());
        var authorization = await AuthorizeAsync(challenge, image, "pull", cancellationToken).ConfigureAwait(false);
        using var second = await SendAsync(HeadManifest(url, authorization), image, cancellationToken).ConfigureAwait(false);
        return Interpret(second, image, loggedIn: true);
    }

    /// <summary>Every tag of <paramref name="repository"/> (following the registry's pages); empty when the repository does not exist.</summary>
    /// <exception cref="RegistryException">The registry cannot be reached, refuses the login, or answers something else.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string registry, string repository, CancellationToken cancellationToken)
    {
        var image = ImageReference.Create(registry, repository, "latest");
        var tags = new List<string>();
        var next = new Uri($"{BaseUrl(registry)}/v2/{repository}/tags/list?n=1000");
        while (next is not null)
        {
            var url = next;
            using var response = await SendAuthorizedAsync(a => Request(HttpMethod.Get, url, a), image, "pull", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return [];
            if (!response.IsSuccessStatusCode)
                throw Unexpected(response, image, "list the tags of");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                tags.AddRange(list.EnumerateArray().Select(t => t.GetString()).OfType<string>());
            // The next page, when there is one, is in an RFC 5988 Link header: <…/tags/list?n=1000&last=x>; rel="next".
            next = response.Headers.TryGetValues("Link", out var links) && links.FirstOrDefault() is { } link && link.IndexOf('<') is >= 0 and var open
                ? new Uri(new Uri(BaseUrl(registry)), link[(open + 1)..link.IndexOf('>', open)])
                : null;
        }
        return tags;
    }

    /// <summary>
    /// Deletes the manifest <paramref name="image"/>'s tag points at (the registry's API deletes by digest, so every tag
    /// of that manifest goes with it); false when the tag is not there.
    /// </summary>
    /// <exception cref="RegistryException">The registry cannot be reached, refuses the login or the delete, or answers something else.</exception>
    public async Task<bool> DeleteAsync(ImageReference image, CancellationToken cancellationToken)
    {
        if (await DigestAsync(image, cancellationToken).ConfigureAwait(false) is not { } digest)
            return false;
        var byDigest = new Uri($"{BaseUrl(image.Registry)}/v2/{image.Repository}/manifests/{Uri.EscapeDataString(digest)}");
        using var delete = await SendAuthorizedAsync(a => Request(HttpMethod.Delete, byDigest, a), image, "pull,push,delete", cancellationToken).ConfigureAwait(false);
        return delete.StatusCode switch
        {
            HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent => true,
            HttpStatusCode.NotFound => false,
            HttpStatusCode.MethodNotAllowed => throw new RegistryException(
                $"The registry {image.Registry} does not allow deleting images (405; a self-hosted registry needs storage.delete.enabled)."),
            _ => throw Unexpected(delete, image, "delete"),
        };
    }

    /// <summary>The digest of the manifest <paramref name="image"/>'s tag points at; null when the tag is not there.</summary>
    public async Task<string?> DigestAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var url = new Uri($"{BaseUrl(image.Registry)}/v2/{image.Repository}/manifests/{Uri.EscapeDataString(image.ManifestReference)}");
        using var head = await SendAuthorizedAsync(a => HeadManifest(url, a), image, "pull,push,delete", cancellationToken).ConfigureAwait(false);
        if (head.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!head.IsSuccessStatusCode)
            throw Unexpected(head, image, "read");
        return head.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : image.Digest
            ?? throw new RegistryException($"The registry {image.Registry} did not say the digest of {image.Repository}:{image.Tag} (no Docker-Content-Digest header), which a delete needs.");
    }

    /// <summary>Sends without a login first, and again with one if the registry asks for it.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        Func<AuthenticationHeaderValue?, HttpRequestMessage> request, ImageReference image, string actions, CancellationToken cancellationToken)
    {
        var first = await SendAsync(request(null), image, cancellationToken).ConfigureAwait(false);
        if (first.StatusCode != HttpStatusCode.Unauthorized)
            return first;
        var challenge = AuthenticationChallenge.Parse(first.Headers.WwwAuthenticate.ToString());
        first.Dispose();
        var authorization = await AuthorizeAsync(challenge, image, actions, cancellationToken).ConfigureAwait(false);
        var second = await SendAsync(request(authorization), image, cancellationToken).ConfigureAwait(false);
        if (second.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            second.Dispose();
            throw new RegistryException(
                $"The registry {image.Registry} refused the login for {image.Repository} ({(int)second.StatusCode}); the identity needs {actions} permission on that repository.");
        }
        return second;
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri url, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = authorization;
        return request;
    }

    private static RegistryException Unexpected(HttpResponseMessage response, ImageReference image, string action) => new(
        $"The registry {image.Registry} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked to {action} {image.Repository} ({response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}).");

    private string BaseUrl(string registry) => $"{(_plainHttp ? "http" : "https")}://{registry}";

    private static HttpRequestMessage HeadManifest(Uri url, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, url);
        foreach (var type in ManifestMediaTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        request.Headers.Authorization = authorization;
        return request;
    }

    private bool Interpret(HttpResponseMessage response, ImageReference image, bool loggedIn) => response.StatusCode switch
    {
        HttpStatusCode.OK => true,
        // HEAD carries no error body, so an unknown tag and an unknown repository look the same: either way, not there.
        HttpStatusCode.NotFound => false,
        HttpStatusCode.Unauthorized => throw new RegistryException(loggedIn
            ? $"The registry {image.Registry} refused the login for {image.Repository} (401 Unauthorized); check that the credentials are current and meant for this registry."
            : $"The registry {image.Registry} asks for a login to read {image.Repository} (401 Unauthorized) but sent no WWW-Authenticate challenge to answer."),
        HttpStatusCode.Forbidden => throw new RegistryException(
            $"The registry {image.Registry} denied reading {image.Repository} (403 Forbidden); the identity logged in needs pull and push permission on that repository."),
        var status => throw new RegistryException(
            $"The registry {image.Registry} answered {(int)status} {response.ReasonPhrase} to HEAD {response.RequestMessage?.RequestUri}; expected 200 (tag present) or 404 (tag absent)."),
    };

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(
        AuthenticationChallenge? challenge, ImageReference image, string actions, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            throw new RegistryException(
                $"The registry {image.Registry} asks for a login to read {image.Repository} (401 Unauthorized) but sent no WWW-Authenticate challenge to answer.");
        }
        var login = await _credentials.GetLoginAsync(image.Registry, cancellationToken).ConfigureAwait(false);
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return login is null
                ? throw new RegistryException($"The registry {image.Registry} asks for a user name and password (Basic), but no login was given for it; configure the cloud's credentials.")
                : BasicAuthorization(login);
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            throw new RegistryException($"The registry {image.Registry} asks for '{challenge.Scheme}' authentication; only Basic and Bearer are supported.");
        var token = await FetchTokenAsync(challenge, login, image, actions, cancellationToken).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task<string> FetchTokenAsync(
        AuthenticationChallenge challenge, RegistryLogin? login, ImageReference image, string actions, CancellationToken cancellationToken)
    {
        var realm = challenge["realm"];
        if (string.IsNullOrEmpty(realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
            throw new RegistryException($"The registry {image.Registry} sent a Bearer challenge without a usable realm ('{realm}'); it cannot be logged in to.");
        var query = new StringBuilder();
        if (challenge["service"] is { } service)
            query.Append(CultureInfo.InvariantCulture, $"service={Uri.EscapeDataString(service)}&");
        query.Append(CultureInfo.InvariantCulture, $"scope={Uri.EscapeDataString(challenge["scope"] ?? $"repository:{image.Repository}:{actions}")}");
        var builder = new UriBuilder(realmUri) { Query = string.IsNullOrEmpty(realmUri.Query) ? query.ToString() : realmUri.Query.TrimStart('?') + "&" + query };

        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (login is not null)
            request.Headers.Authorization = BasicAuthorization(login);
        using var response = await SendAsync(request, image, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryException(login is null
                ? $"The registry {image.Registry}'s token service {realmUri.GetLeftPart(UriPartial.Path)} refused an anonymous token ({(int)response.StatusCode}); configure the cloud's credentials."
                : $"The registry {image.Registry}'s token service {realmUri.GetLeftPart(UriPartial.Path)} refused the login ({(int)response.StatusCode}); check that the credentials are current and allowed to pull {image.Repository}.");
        }
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"The registry {image.Registry}'s token service {realmUri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            // Docker's token spec names it "token"; OAuth2-style servers (ACR) send "access_token".
            foreach (var name in (string[])["token", "access_token"])
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token)
                    return token;
            }
        }
        catch (JsonException)
        {
        }
        throw new RegistryException($"The registry {image.Registry}'s token service {realmUri.GetLeftPart(UriPartial.Path)} answered without a token (expected JSON with \"token\" or \"access_token\").");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ImageReference image, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new RegistryException(
                    $"Could not reach the registry {image.Registry} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.Message} "
                    + $"Check the registry host, that this machine reaches it, and whether it speaks {(_plainHttp ? "HTTPS rather than plain HTTP" : "plain HTTP rather than HTTPS")}.", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RegistryException($"The registry {image.Registry} did not answer {request.Method} {request.RequestUri} in time; check that it is up and reachable.", e);
            }
        }
    }

    private static AuthenticationHeaderValue BasicAuthorization(RegistryLogin login) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.UserName}:{login.Password}")));
}
