using System.Net;
using System.Net.Http.Headers;
using Experiments.CloudEmulators.Storage;
using Google.Apis.Auth.OAuth2;

namespace Experiments.CloudEmulators.Tests.Storage;

/// <summary>The metadata server emulator serves Google.Apis.Auth's ComputeCredential, whose token GCS accepts.</summary>
public sealed class MetadataServerEmulatorTests
{
    [Fact]
    public async Task Compute_credential_gets_a_token_through_GCE_METADATA_HOST_and_uses_it_on_storage()
    {
        await using var metadata = new MetadataServerEmulator();
        await using var storage = new GcsEmulator();
        await metadata.StartAsync(TestContext.Current.CancellationToken);
        var storageUri = await storage.StartAsync(TestContext.Current.CancellationToken);
        storage.AddBucket("b");
        var previous = Environment.GetEnvironmentVariable("GCE_METADATA_HOST");
        Environment.SetEnvironmentVariable("GCE_METADATA_HOST", metadata.Host);
        string token;
        try
        {
            token = await new ComputeCredential().GetAccessTokenForRequestAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GCE_METADATA_HOST", previous);
        }
        using var http = new HttpClient { BaseAddress = storageUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var list = await http.GetAsync("storage/v1/b/b/o", TestContext.Current.CancellationToken);

        Assert.Equal(metadata.IssuedTokens[^1], token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(metadata.Requests, r => r.Path == "/computeMetadata/v1/instance/service-accounts/default/token" && r.Status == 200);
    }

    [Fact]
    public async Task Requests_without_the_metadata_flavor_header_are_forbidden()
    {
        await using var metadata = new MetadataServerEmulator();
        var baseUri = await metadata.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = baseUri };

        using var bare = await http.GetAsync("computeMetadata/v1/instance/service-accounts/default/token", TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Add("Metadata-Flavor", "Google");
        var projectId = await http.GetStringAsync("computeMetadata/v1/project/project-id", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Equal("Google", bare.Headers.GetValues("Metadata-Flavor").Single());
        Assert.Equal("emulated-project", projectId);
        Assert.Empty(metadata.IssuedTokens);
    }
}
