using Experiments.Backends.Container;

namespace Experiments.Containers.Tests;

public sealed class AuthenticationChallengeTests
{
    [Fact]
    public void Reads_a_bearer_challenge_whose_scope_holds_commas()
    {
        var challenge = AuthenticationChallenge.Parse(
            "Bearer realm=\"https://myregistry.azurecr.io/oauth2/token\",service=\"myregistry.azurecr.io\",scope=\"repository:team/app:pull,push\"");

        Assert.NotNull(challenge);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("https://myregistry.azurecr.io/oauth2/token", challenge["realm"]);
        Assert.Equal("myregistry.azurecr.io", challenge["SERVICE"]);
        Assert.Equal("repository:team/app:pull,push", challenge["scope"]);
        Assert.Null(challenge["error"]);
    }

    [Fact]
    public void Reads_a_basic_challenge_and_unquoted_or_escaped_values()
    {
        var basic = AuthenticationChallenge.Parse("Basic realm=\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"");
        var odd = AuthenticationChallenge.Parse("Bearer realm=https://auth.example/token, error=\"say \\\"hi\\\"\"");

        Assert.Equal("Basic", basic!.Scheme);
        Assert.Equal("ecr.amazonaws.com", basic["service"]);
        Assert.Equal("https://auth.example/token", odd!["realm"]);
        Assert.Equal("say \"hi\"", odd["error"]);
        Assert.Null(AuthenticationChallenge.Parse("  "));
    }

    [Fact]
    public void A_login_never_shows_its_password()
    {
        var login = new RegistryLogin("AWS", "s3cr3t-token");

        Assert.DoesNotContain("s3cr3t", login.ToString());
        Assert.Contains("AWS", login.ToString());
    }
}
