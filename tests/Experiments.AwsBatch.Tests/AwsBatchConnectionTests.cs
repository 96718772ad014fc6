using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

/// <summary>Endpoint, region and credentials from a given environment (not the process's).</summary>
public sealed class AwsBatchConnectionTests
{
    [Fact]
    public async Task The_batch_endpoint_variable_wins_over_the_general_one_and_environment_keys_sign()
    {
        var captured = new CapturingHandler();
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_BATCH"] = "http://127.0.0.1:5010",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999",
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT",
            ["AWS_SECRET_ACCESS_KEY"] = "environment-secret",
            ["AWS_SESSION_TOKEN"] = "session-token",
        };
        using var client = new AwsBatchHttpClient(new AwsBatchClientOptions { Environment = environment.GetValueOrDefault, HttpHandler = captured });

        var error = await Assert.ThrowsAsync<AwsBatchException>(() => client.ListJobsAsync(new ListJobsRequest { JobQueue = "q" }, TestContext.Current.CancellationToken));

        Assert.Equal(new Uri("http://127.0.0.1:5010/v1/listjobs"), captured.RequestUri);
        Assert.Equal("eu-central-1", client.Region);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAENVIRONMENT/", captured.Authorization);
        Assert.Contains("/eu-central-1/batch/aws4_request", captured.Authorization);
        Assert.Contains("x-amz-security-token", captured.Authorization);
        Assert.DoesNotContain("environment-secret", error.Message);
        Assert.DoesNotContain("session-token", error.Message);
    }

    [Fact]
    public void Without_an_override_the_regions_public_endpoint_is_used()
    {
        var environment = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "cn-north-1" };

        using var china = new AwsBatchHttpClient(new AwsBatchClientOptions { Environment = environment.GetValueOrDefault });
        using var chosen = new AwsBatchHttpClient(new AwsBatchClientOptions { Region = "eu-west-3", Environment = environment.GetValueOrDefault });

        Assert.Equal(new Uri("https://batch.cn-north-1.amazonaws.com.cn/"), china.Endpoint);
        Assert.Equal(new Uri("https://batch.eu-west-3.amazonaws.com/"), chosen.Endpoint);
    }

    [Theory]
    [InlineData("127.0.0.1:5010")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("http://127.0.0.1:5010/?x=1")]
    public void A_bad_endpoint_override_is_refused_with_an_example(string endpoint)
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint };

        var error = Assert.Throws<AwsBatchException>(() => new AwsBatchHttpClient(new AwsBatchClientOptions { Environment = environment.GetValueOrDefault }));

        Assert.Equal("configuration", error.Operation);
        Assert.Contains($"not '{endpoint}'", error.Message);
        Assert.Contains("such as http://127.0.0.1:5010", error.Message);
    }
}
