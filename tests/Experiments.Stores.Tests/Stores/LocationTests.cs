using Experiments.Stores.Azure;
using Experiments.Stores.Gcs;
using Experiments.Stores.S3;

namespace Experiments.Stores.Tests.Stores;

/// <summary>Store locations: which service a URI names, how it is shown, and what a bad one is told.</summary>
public sealed class LocationTests
{
    [Fact]
    public void S3_locations_split_into_bucket_and_prefix()
    {
        Assert.Equal(new S3Location("my-bucket", "runs/r1"), S3Location.Parse(new Uri("s3://my-bucket/runs/r1/")));
        Assert.Equal(new S3Location("my-bucket", ""), S3Location.Parse(new Uri("s3://my-bucket")));
    }

    [Fact]
    public void Azure_locations_are_read_host_style_and_path_style_and_keep_the_sas_apart()
    {
        var cloud = AzureBlobLocation.Parse(new Uri("https://acct.blob.core.windows.net/results/runs/r1?sv=2025-11-05&sig=secret"));
        var emulator = AzureBlobLocation.Parse(new Uri("http://127.0.0.1:10000/devstoreaccount1/results/runs/r1"));

        Assert.Equal(("acct", "results", "runs/r1", "sv=2025-11-05&sig=secret"), (cloud.Account, cloud.Container, cloud.Prefix, cloud.Sas));
        Assert.Equal("https://acct.blob.core.windows.net/results/runs/r1", cloud.ToString());
        Assert.Equal(("devstoreaccount1", "results", "runs/r1", (string?)null), (emulator.Account, emulator.Container, emulator.Prefix, emulator.Sas));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", emulator.ServiceEndpoint.ToString().TrimEnd('/'));
        Assert.True(emulator.IsDevelopmentAccount);
        Assert.False(cloud.IsDevelopmentAccount);
    }

    [Fact]
    public void Gcs_locations_split_into_bucket_and_prefix()
    {
        Assert.Equal(new GcsLocation("my-bucket", "runs/r1"), GcsLocation.Parse(new Uri("gs://my-bucket/runs/r1")));
    }

    [Theory]
    [InlineData("ftp://host/x", "'ftp://' is not an object store this version knows; use s3://bucket/prefix")]
    [InlineData("s3://ab/x", "needs a bucket name of 3 to 63 characters")]
    [InlineData("s3://bucket/x?versionId=1", "no query or user part")]
    [InlineData("https://example.com/results/x", "is not an account's blob endpoint")]
    [InlineData("https://acct.blob.core.windows.net/Results/x", "'Results' in https://acct.blob.core.windows.net/Results/x is not a valid container name")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", "names no account and container")]
    [InlineData("gs://bucket/x?alt=media", "no query or user part")]
    public void A_bad_location_says_what_is_wrong_and_what_is_valid(string location, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ObjectStores.Open(new Uri(location)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_rejected_azure_location_never_shows_its_sas()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ObjectStores.Open(new Uri("https://acct.blob.core.windows.net/Bad_Name/x?sig=topsecret")));

        Assert.DoesNotContain("topsecret", error.Message);
    }

    [Theory]
    [InlineData("s3://bucket/runs", true)]
    [InlineData("gs://bucket/runs", true)]
    [InlineData("https://acct.blob.core.windows.net/c/runs", true)]
    [InlineData("/home/me/runs/r1", false)]
    [InlineData("file:///home/me/runs/r1", false)]
    [InlineData("C:\\runs\\r1", false)]
    [InlineData("runs/r1", false)]
    public void Object_store_locations_are_told_from_directories(string location, bool expected) =>
        Assert.Equal(expected, ObjectStores.IsObjectStoreLocation(location));
}
