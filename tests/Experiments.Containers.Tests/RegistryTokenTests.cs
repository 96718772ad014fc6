using Experiments.Backends.Container;
using Experiments.Containers.Tests.Support;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;

[assembly: AssemblyFixture(typeof(TokenServer))]

namespace Experiments.Containers.Tests;

/// <summary>
/// The registry client against the real registry that asks for Bearer tokens (Docker's token authentication, as ACR and
/// Artifact Registry use it), with tokens from the tests' own token service.
/// </summary>
public sealed class RegistryTokenTests(TokenServer tokens) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private async Task RequireRegistry()
    {
        var why = await RegistryService.WhyUnavailableAsync() ?? tokens.UnavailableBecause;
        RequiredService.Require("the container registry", why, RegistryService.StartCommand);
    }

    private RegistryClient Client(string? password) => new(
        _http,
        password is null
            ? AnonymousRegistryCredentials.Instance
            : new FixedLogin(RegistryService.TokenAddress, new RegistryLogin(RegistryService.LoginUser, password)),
        plainHttp: true);

    [Fact]
    public async Task With_a_token_from_the_realm_a_tag_is_found_once_pushed()
    {
        await RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        var image = ImageReference.Create(RegistryService.TokenAddress, "experiments-tests/token-" + Guid.NewGuid().ToString("N")[..8], "base");

        Assert.False(await Client(RegistryService.LoginPassword).TagExistsAsync(image, ct));
        // skopeo logs in through the same token service to push the base image there.
        var push = await ProcessRunner.RunAsync("skopeo",
            ["copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", $"{RegistryService.LoginUser}:{RegistryService.LoginPassword}",
             $"docker://{RegistryService.BaseImage}", $"docker://{image}"],
            Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2), cancellationToken: ct);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.True(await Client(RegistryService.LoginPassword).TagExistsAsync(image, ct));
        Assert.Contains($"repository:{image.Repository}:pull", tokens.GrantedScopes);
    }

    [Fact]
    public async Task A_wrong_login_is_refused_by_the_token_service_without_showing_the_password()
    {
        await RequireRegistry();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client("wrong-password-456")
            .TagExistsAsync(ImageReference.Create(RegistryService.TokenAddress, "team/app", "1"), TestContext.Current.CancellationToken));

        Assert.Contains($"The registry {RegistryService.TokenAddress}'s token service http://127.0.0.1:5003/token refused the login (401)", error.Message);
        Assert.DoesNotContain("wrong-password-456", error.Message);
    }

    [Fact]
    public async Task Without_a_login_the_token_service_refuses_an_anonymous_token()
    {
        await RequireRegistry();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(null)
            .TagExistsAsync(ImageReference.Create(RegistryService.TokenAddress, "team/app", "1"), TestContext.Current.CancellationToken));

        Assert.Contains("refused an anonymous token (401); configure the cloud's credentials", error.Message);
    }

    public void Dispose() => _http.Dispose();
}
