using Experiments.Stores.S3;
using Experiments.Stores.Tests.Support;

namespace Experiments.Stores.Tests.Stores;

/// <summary><see cref="S3ObjectStore"/> against moto's S3 over a real connection.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContract
{
    private string _bucket = "";

    protected override async Task<IObjectStore> OpenFreshAsync(string prefix, int? pageSize = null)
    {
        await Moto.RequireAsync();
        _bucket = await Moto.NewBucketAsync();
        return Moto.Open(_bucket, prefix, pageSize);
    }

    protected override IObjectStore ReopenSibling(IObjectStore store, string prefix) => Moto.Open(_bucket, prefix);

    [Fact]
    public async Task A_missing_bucket_is_named_with_what_to_do_and_no_secret()
    {
        await Moto.RequireAsync();
        using var store = Moto.Open("exp-no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "runs");

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.PutAsync("plan.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Contains("NoSuchBucket", error.Message);
        Assert.Contains("the bucket does not exist", error.Message);
        Assert.Contains(store.Location, error.Message);
        Assert.DoesNotContain(Moto.Environment["AWS_SECRET_ACCESS_KEY"]!, error.Message);
    }

    [Fact]
    public void An_unknown_profile_says_how_to_configure_one()
    {
        var options = Moto.Options() with { AwsProfile = "experiments-no-such-profile" };

        var error = Assert.Throws<ObjectStoreException>(() => new S3ObjectStore(S3Location.Parse(new Uri("s3://bucket/p")), options));

        Assert.Contains("no AWS profile named 'experiments-no-such-profile'", error.Message);
        Assert.Contains("aws configure --profile", error.Message);
    }

    [Fact]
    public void The_endpoint_override_must_be_a_url()
    {
        var options = new ObjectStoreOptions { Environment = name => name == S3ClientFactory.S3EndpointVariable ? "127.0.0.1 5010" : null };

        var error = Assert.Throws<ObjectStoreException>(() => new S3ObjectStore(S3Location.Parse(new Uri("s3://bucket/p")), options));

        Assert.Contains("AWS_ENDPOINT_URL_S3", error.Message);
        Assert.Contains("'127.0.0.1 5010'", error.Message);
    }

    [Fact]
    public void The_location_shows_bucket_and_prefix_only()
    {
        using var store = Moto.Open("my-bucket", "/runs/r1/");

        Assert.Equal("s3://my-bucket/runs/r1", store.Location);
        Assert.Equal("s3://my-bucket/runs/r1", store.ToString());
    }
}
