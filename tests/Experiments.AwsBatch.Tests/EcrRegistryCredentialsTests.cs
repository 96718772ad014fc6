using System.Net;
using System.Text;
using Amazon.Runtime;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Backends.AwsBatch.Ecr;
using Experiments.Backends.Container;

namespace Experiments.AwsBatch.Tests;

/// <summary>ECR logins from the AWS credential chain: the signed GetAuthorizationToken call, its answer, and other registries.</summary>
[Collection(MotoBatchCollection.Name)]
public sealed class EcrRegistryCredentialsTests(MotoBatch moto)
{
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static AwsBatchClientOptions Options(HttpMessageHandler? handler = null) => new()
    {
        Credentials = new BasicAWSCredentials("AKIAECRTEST", "ecr-secret-never-shown"),
        Environment = _ => null,
        HttpHandler = handler,
    };

    [Fact]
    public async Task An_ECR_registry_is_logged_in_with_a_signed_GetAuthorizationToken_in_its_region()
    {
        var handler = new AnsweringHandler(HttpStatusCode.OK,
            $$"""{"authorizationData":[{"authorizationToken":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:ecr-password"))}}","expiresAt":{{DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeSeconds()}}.5,"proxyEndpoint":"https://{{Registry}}"}]}""");
        using var credentials = new EcrRegistryCredentials(Options(handler));

        var login = await credentials.GetLoginAsync(Registry, Cancellation);
        var again = await credentials.GetLoginAsync(Registry, Cancellation);

        Assert.Equal(new RegistryLogin("AWS", "ecr-password"), login);
        Assert.Same(login, again);
        Assert.Equal(1, handler.Requests);
        Assert.Equal(new Uri("https://api.ecr.eu-west-1.amazonaws.com/"), handler.Uri);
        Assert.Equal(EcrRegistryCredentials.Target, handler.Target);
        Assert.Equal("application/x-amz-json-1.1", handler.ContentType);
        Assert.Equal("""{"registryIds":["123456789012"]}""", handler.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAECRTEST/", handler.Authorization);
        Assert.Contains("/eu-west-1/ecr/aws4_request", handler.Authorization);
        Assert.Contains("x-amz-target", handler.Authorization);
        Assert.DoesNotContain("ecr-password", login!.ToString());
    }

    [Fact]
    public async Task Other_registries_are_anonymous_and_nothing_is_sent()
    {
        var handler = new AnsweringHandler(HttpStatusCode.OK, "{}");
        using var credentials = new EcrRegistryCredentials(Options(handler));

        Assert.Null(await credentials.GetLoginAsync("127.0.0.1:5000", Cancellation));
        Assert.Null(await credentials.GetLoginAsync("myregistry.azurecr.io", Cancellation));
        Assert.Null(await credentials.GetLoginAsync("123456789012.dkr.ecr.eu-west-1.example.com", Cancellation));
        Assert.Equal(0, handler.Requests);
        Assert.Equal(("123456789012", "cn-north-1", "amazonaws.com.cn"), EcrRegistryCredentials.Parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"));
    }

    [Fact]
    public async Task A_refusal_names_the_registry_and_the_permission_without_the_secret()
    {
        var handler = new AnsweringHandler(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"User is not authorized"}""");
        using var credentials = new EcrRegistryCredentials(Options(handler));

        var error = await Assert.ThrowsAsync<RegistryException>(() => credentials.GetLoginAsync(Registry, Cancellation));

        Assert.Contains(Registry, error.Message);
        Assert.Contains("AccessDeniedException", error.Message);
        Assert.Contains("ecr:GetAuthorizationToken in eu-west-1", error.Message);
        Assert.DoesNotContain("ecr-secret-never-shown", error.Message);
    }

    [Fact]
    public async Task Moto_answers_GetAuthorizationToken_and_the_login_is_decoded()
    {
        moto.Require();
        using var credentials = new EcrRegistryCredentials(Options(), endpoint: MotoBatch.Moto);

        var login = await credentials.GetLoginAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", Cancellation);

        Assert.Equal("AWS", login!.UserName);
        Assert.Equal("123456789012-auth-token", login.Password);
    }

    private sealed class AnsweringHandler(HttpStatusCode status, string answer) : HttpMessageHandler
    {
        public int Requests { get; private set; }
        public Uri? Uri { get; private set; }
        public string? Target { get; private set; }
        public string? ContentType { get; private set; }
        public string? Authorization { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Uri = request.RequestUri;
            Target = request.Headers.GetValues("x-amz-target").Single();
            ContentType = request.Content!.Headers.ContentType!.ToString();
            Authorization = request.Headers.GetValues("Authorization").Single();
            Body = await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/x-amz-json-1.1") };
        }
    }
}
