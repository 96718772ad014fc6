using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Experiments.Backends.Container;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Logs in to Azure Container Registry as `az acr login` does: an Entra ID access token (from the credential chain) is
/// exchanged at <c>https://{registry}/oauth2/exchange</c> for an ACR refresh token, which is the password of the fixed
/// user <see cref="AcrUserName"/>. Any other registry is talked to anonymously.
/// </summary>
public sealed class AcrRegistryCredentials : IRegistryCredentials
{
    /// <summary>The user name ACR expects with a refresh token.</summary>
    public const string AcrUserName = "00000000-0000-0000-0000-000000000000";

    /// <summary>An Azure Resource Manager token: what ACR's exchange accepts from any Entra ID identity with a role on it.</summary>
    public const string Scope = "https://management.azure.com/.default";

    private static readonly string[] AcrSuffixes = [".azurecr.io", ".azurecr.cn", ".azurecr.us"];
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(60);

    private readonly Lazy<TokenCredential> _credential;
    private readonly HttpMessageHandler? _handler;

    /// <param name="credential">The identity; null: <see cref="DefaultAzureCredential"/>, made only when an ACR login is needed.</param>
    /// <param name="handler">The HTTP handler for the exchange (tests); null: a new one.</param>
    public AcrRegistryCredentials(TokenCredential? credential = null, HttpMessageHandler? handler = null)
    {
        _credential = new Lazy<TokenCredential>(() => credential ?? new DefaultAzureCredential());
        _handler = handler;
    }

    public static bool IsAcr(string registry) => AcrSuffixes.Any(s => registry.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    public async Task<RegistryLogin?> GetLoginAsync(string registry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        if (!IsAcr(registry))
            return null;
        AccessToken token;
        try
        {
            token = await _credential.Value.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new RegistryException($"No Entra ID token to log in to {registry} ({e.Message.Split('\n')[0].Trim()}); sign in with az login or run with a managed identity.", e);
        }

        using var http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        http.Timeout = ExchangeTimeout;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "access_token",
            ["service"] = registry,
            ["access_token"] = token.Token,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri($"https://{registry}/oauth2/exchange"), form, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"Could not reach {registry} to exchange an Entra ID token for a registry login: {e.Message}", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryException(
                    $"{registry} refused to exchange the Entra ID token for a registry login ({(int)response.StatusCode} {response.ReasonPhrase}); " +
                    "the identity needs the AcrPush role on the registry.");
            }
            return new RegistryLogin(AcrUserName, RefreshToken(body, registry));
        }
    }

    private static string RefreshToken(string body, string registry)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("refresh_token", out var refresh) && refresh.GetString() is { Length: > 0 } value)
                return value;
        }
        catch (JsonException)
        {
            // reported below
        }
        throw new RegistryException($"{registry} answered the token exchange without a refresh_token.");
    }
}
