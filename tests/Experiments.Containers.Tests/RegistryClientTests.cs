using System.Net;
using System.Net.Sockets;
using Experiments.Backends.Container;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;

namespace Experiments.Containers.Tests;

/// <summary>The registry client against the real test registry (tests/Registry/registry.sh).</summary>
public sealed class RegistryClientTests : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task RequireRegistry() =>
        RequiredService.Require("the container registry", await RegistryService.WhyUnavailableAsync(), RegistryService.StartCommand);

    private RegistryClient Client(bool plainHttp = true) => new(_http, AnonymousRegistryCredentials.Instance, plainHttp);

    [Fact]
    public async Task A_pushed_tag_exists()
    {
        await RequireRegistry();

        Assert.True(await Client().TagExistsAsync(ImageReference.Parse(RegistryService.BaseImage), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_tag_never_pushed_does_not_exist()
    {
        await RequireRegistry();

        var absent = ImageReference.Parse(RegistryService.BaseImage).WithTag("never-pushed-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.False(await Client().TagExistsAsync(absent, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_tag_in_an_unknown_repository_does_not_exist()
    {
        await RequireRegistry();

        var unknown = ImageReference.Create(RegistryService.Address, "no-such/repository-" + Guid.NewGuid().ToString("N")[..8], "1");

        Assert.False(await Client().TagExistsAsync(unknown, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Talking_https_to_a_plain_http_registry_fails_saying_what_to_check()
    {
        await RequireRegistry();

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => Client(plainHttp: false).TagExistsAsync(ImageReference.Parse(RegistryService.BaseImage), TestContext.Current.CancellationToken));

        Assert.Contains($"Could not reach the registry {RegistryService.Address}", error.Message);
        Assert.Contains("plain HTTP rather than HTTPS", error.Message);
    }

    [Fact]
    public async Task A_registry_nothing_listens_on_fails_naming_it()
    {
        var port = FreePort();
        var image = ImageReference.Create($"127.0.0.1:{port}", "team/app", "1");

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client().TagExistsAsync(image, TestContext.Current.CancellationToken));

        Assert.Contains($"Could not reach the registry 127.0.0.1:{port}", error.Message);
        Assert.Contains("Check the registry host", error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _http.Dispose();
}
