namespace Experiments.Backends.Container;

/// <summary>
/// How a backend logs in to its registry: the cloud's own credential chain turned into a registry login (ECR's
/// authorization token, ACR's refresh token, an Artifact Registry access token).
/// </summary>
public interface IRegistryCredentials
{
    /// <summary>The login for <paramref name="registry"/> (host[:port]); null to talk to it anonymously.</summary>
    Task<RegistryLogin?> GetLoginAsync(string registry, CancellationToken cancellationToken);
}
