using Experiments.Backends.GoogleBatch;
using Google.Apis.Auth.OAuth2;

namespace Experiments.GoogleBatch.Tests;

public sealed class ArtifactRegistryCredentialsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("us-central1-docker.pkg.dev")]
    [InlineData("europe-west4-docker.pkg.dev")]
    [InlineData("gcr.io")]
    [InlineData("eu.gcr.io")]
    [InlineData("US-DOCKER.PKG.DEV:443")]
    public async Task Googles_registries_get_oauth2accesstoken_and_the_credentials_access_token(string registry)
    {
        var credentials = new ArtifactRegistryCredentials(GoogleCredential.FromAccessToken("ya29.registry-test"));

        var login = await credentials.GetLoginAsync(registry, Ct);

        Assert.NotNull(login);
        Assert.Equal("oauth2accesstoken", login.UserName);
        Assert.Equal("ya29.registry-test", login.Password);
        Assert.DoesNotContain("ya29", login.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("docker.io")]
    [InlineData("myregistry.azurecr.io")]
    [InlineData("pkg.dev.example.com")]
    [InlineData("notgcr.io")]
    public async Task Any_other_registry_is_anonymous_without_asking_for_a_token(string registry)
    {
        var asked = 0;
        var credentials = new ArtifactRegistryCredentials(_ =>
        {
            asked++;
            return Task.FromResult("never");
        });

        Assert.Null(await credentials.GetLoginAsync(registry, Ct));
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task Each_login_asks_the_token_source_again_so_an_expired_token_is_refreshed()
    {
        var issued = 0;
        var credentials = new ArtifactRegistryCredentials(_ => Task.FromResult($"token-{++issued}"));

        var first = await credentials.GetLoginAsync("us-docker.pkg.dev", Ct);
        var second = await credentials.GetLoginAsync("us-docker.pkg.dev", Ct);

        Assert.Equal(("token-1", "token-2"), (first!.Password, second!.Password));
    }
}
