using Experiments.Backends.Container;
using Experiments.Containers.Tests.Support;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;

namespace Experiments.Containers.Tests;

/// <summary>The registry client against the real registry that asks for a Basic login (tests/Registry/registry.sh).</summary>
public sealed class RegistryLoginTests : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task RequireRegistry() =>
        RequiredService.Require("the container registry", await RegistryService.WhyUnavailableAsync(), RegistryService.StartCommand);

    private RegistryClient Client(string password) =>
        new(_http, new FixedLogin(RegistryService.LoginAddress, new RegistryLogin(RegistryService.LoginUser, password)), plainHttp: true);

    [Fact]
    public async Task With_the_right_login_a_pushed_tag_exists_and_another_does_not()
    {
        await RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        var pushed = ImageReference.Parse(RegistryService.LoginBaseImage);

        Assert.True(await Client(RegistryService.LoginPassword).TagExistsAsync(pushed, ct));
        Assert.False(await Client(RegistryService.LoginPassword).TagExistsAsync(pushed.WithTag("never-pushed"), ct));
    }

    [Fact]
    public async Task A_wrong_login_is_refused_without_showing_the_password()
    {
        await RequireRegistry();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client("wrong-password-123")
            .TagExistsAsync(ImageReference.Parse(RegistryService.LoginBaseImage), TestContext.Current.CancellationToken));

        Assert.Contains($"The registry {RegistryService.LoginAddress} refused the login", error.Message);
        Assert.Contains("check that the credentials are current", error.Message);
        Assert.DoesNotContain("wrong-password-123", error.Message);
    }

    [Fact]
    public async Task No_login_for_a_registry_that_asks_for_one_says_so()
    {
        await RequireRegistry();
        var client = new RegistryClient(_http, AnonymousRegistryCredentials.Instance, plainHttp: true);

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.TagExistsAsync(ImageReference.Parse(RegistryService.LoginBaseImage), TestContext.Current.CancellationToken));

        Assert.Contains("asks for a user name and password (Basic), but no login was given for it", error.Message);
    }

    public void Dispose() => _http.Dispose();
}
