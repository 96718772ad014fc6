using Amazon.S3;
using Experiments.Stores;
using Experiments.Stores.S3;
using Experiments.TestSupport.Services;

namespace Experiments.Stores.Tests.Support;

/// <summary>moto's S3 on 127.0.0.1:5010 (tests/Cloud/moto.sh): the environment a worker or the tool would have, and fresh buckets.</summary>
public static class Moto
{
    public const string Endpoint = "http://127.0.0.1:5010";

    /// <summary>What a batch task on AWS would get from its job definition, pointed at moto (which takes any keys).</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        [S3ClientFactory.S3EndpointVariable] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = "AKIAMOTOTESTKEY00001",
        ["AWS_SECRET_ACCESS_KEY"] = "moto-test-secret-key-do-not-leak",
        ["AWS_REGION"] = "us-east-1",
    };

    public static ObjectStoreOptions Options(int? pageSize = null) =>
        new() { Environment = name => Environment.GetValueOrDefault(name), PageSize = pageSize };

    /// <summary>Skips (or fails in CI) when moto does not answer.</summary>
    public static async Task RequireAsync()
    {
        var reason = await ServiceProbe.HttpAsync($"{Endpoint}/moto-api/"); // not data.json: it answers 500 once Batch jobs exist
        RequiredService.Require("moto", reason, "sudo tests/Cloud/moto.sh");
    }

    /// <summary>A new, empty bucket of its own for one test.</summary>
    public static async Task<string> NewBucketAsync()
    {
        var bucket = "exp-" + Guid.NewGuid().ToString("N")[..16];
        using var client = S3ClientFactory.Create(Options());
        await client.PutBucketAsync(bucket);
        return bucket;
    }

    public static S3ObjectStore Open(string bucket, string prefix, int? pageSize = null) =>
        new(S3Location.Parse(new Uri($"s3://{bucket}/{prefix}")), Options(pageSize));
}
