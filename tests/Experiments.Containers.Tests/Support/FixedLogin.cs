using Experiments.Backends.Container;

namespace Experiments.Containers.Tests.Support;

/// <summary>A login for one registry (anonymous for any other), as a cloud's credential chain would give it.</summary>
public sealed class FixedLogin(string registry, RegistryLogin login) : IRegistryCredentials
{
    public List<string> AskedFor { get; } = [];

    public Task<RegistryLogin?> GetLoginAsync(string asked, CancellationToken cancellationToken)
    {
        AskedFor.Add(asked);
        return Task.FromResult(asked == registry ? login : null);
    }
}
