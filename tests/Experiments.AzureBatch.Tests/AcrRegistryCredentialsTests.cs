using System.Net;
using Azure.Core;
using Experiments.Backends.AzureBatch;
using Experiments.Backends.Container;

namespace Experiments.AzureBatch.Tests;

public sealed class AcrRegistryCredentialsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ACR_login_exchanges_an_Entra_ID_token_for_a_refresh_token()
    {
        var handler = new CapturingHandler
        {
            Answer = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"refresh_token":"acr-refresh-token"}""") },
        };
        var credential = new ArmCredential();
        var credentials = new AcrRegistryCredentials(credential, handler);

        var login = await credentials.GetLoginAsync("myregistry.azurecr.io", Ct);

        Assert.Equal(new RegistryLogin("00000000-0000-0000-0000-000000000000", "acr-refresh-token"), login);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://myregistry.azurecr.io/oauth2/exchange", request.Uri.ToString());
        Assert.Equal("grant_type=access_token&service=myregistry.azurecr.io&access_token=entra-access-token", request.Body);
        Assert.Equal(["https://management.azure.com/.default"], credential.Scopes);
        Assert.DoesNotContain("acr-refresh-token", login!.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("docker.io")]
    [InlineData("europe-west1-docker.pkg.dev")]
    public async Task Any_other_registry_is_anonymous_and_asks_for_no_token(string registry)
    {
        var handler = new CapturingHandler();
        var credential = new ArmCredential();

        var login = await new AcrRegistryCredentials(credential, handler).GetLoginAsync(registry, Ct);

        Assert.Null(login);
        Assert.Empty(handler.Requests);
        Assert.Empty(credential.Scopes);
    }

    [Fact]
    public async Task A_refused_exchange_says_which_role_the_identity_needs()
    {
        var handler = new CapturingHandler { Answer = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("{}") } };

        var error = await Assert.ThrowsAsync<RegistryException>(() => new AcrRegistryCredentials(new ArmCredential(), handler).GetLoginAsync("myregistry.azurecr.io", Ct));

        Assert.Contains("myregistry.azurecr.io refused to exchange the Entra ID token", error.Message);
        Assert.Contains("AcrPush", error.Message);
        Assert.DoesNotContain("entra-access-token", error.Message);
    }

    private sealed class ArmCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("entra-access-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
