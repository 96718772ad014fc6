using Experiments.Backends.Container;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Logs in to Google's registries — Artifact Registry (<c>REGION-docker.pkg.dev</c>) and Container Registry
/// (<c>gcr.io</c>, <c>REGION.gcr.io</c>) — as <c>oauth2accesstoken</c> with an access token from the Google credential
/// (Application Default Credentials unless one is given), as <c>gcloud auth configure-docker</c> does. Any other
/// registry (a test registry on loopback, Docker Hub) is used anonymously, and the credential is not even looked up.
/// </summary>
public sealed class ArtifactRegistryCredentials : IRegistryCredentials
{
    public const string UserName = "oauth2accesstoken";

    private readonly Func<CancellationToken, Task<string>> _accessToken;

    /// <param name="credential">The credential to use; null for Application Default Credentials.</param>
    public ArtifactRegistryCredentials(GoogleCredential? credential = null)
    {
        var scoped = new Lazy<Task<ITokenAccess>>(async () =>
            (credential ?? await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)).CreateScoped(Client.GoogleBatchClientOptions.Scope));
        _accessToken = async cancellationToken =>
            await (await scoped.Value.ConfigureAwait(false)).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <param name="accessToken">Where tokens come from (tests).</param>
    public ArtifactRegistryCredentials(Func<CancellationToken, Task<string>> accessToken) => _accessToken = accessToken;

    /// <summary>Whether <paramref name="registry"/> (host[:port]) is one of Google's.</summary>
    public static bool IsGoogleRegistry(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = registry.Split(':', 2)[0].ToLowerInvariant();
        return host.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) || host == "gcr.io" || host.EndsWith(".gcr.io", StringComparison.Ordinal);
    }

    public async Task<RegistryLogin?> GetLoginAsync(string registry, CancellationToken cancellationToken)
    {
        if (!IsGoogleRegistry(registry))
            return null;
        try
        {
            return new RegistryLogin(UserName, await _accessToken(cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidOperationException e)
        {
            throw new BackendUnavailableException(
                $"No Google credentials to push to {registry}: {e.Message} Run 'gcloud auth application-default login' or set GOOGLE_APPLICATION_CREDENTIALS.", e);
        }
    }
}
