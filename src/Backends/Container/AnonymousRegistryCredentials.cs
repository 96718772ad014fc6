namespace Experiments.Backends.Container;

/// <summary>No login: for registries that allow anonymous pull and push (a test registry on loopback).</summary>
public sealed class AnonymousRegistryCredentials : IRegistryCredentials
{
    public static AnonymousRegistryCredentials Instance { get; } = new();

    public Task<RegistryLogin?> GetLoginAsync(string registry, CancellationToken cancellationToken) => Task.FromResult<RegistryLogin?>(null);
}
