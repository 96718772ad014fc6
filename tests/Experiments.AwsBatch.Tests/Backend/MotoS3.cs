using Amazon.Runtime;
using Amazon.S3;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>moto's S3 (beside its Batch): the environment the tool and the compute environment would have, and fresh buckets.</summary>
public static class MotoS3
{
    public const string AccessKey = "AKIAEXPERIMENTSTEST";
    public const string SecretKey = "moto-secret-never-in-a-job";

    /// <summary>What the tool's process would have (and the compute environment's role gives a task): keys, region, S3 endpoint.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = MotoBatch.Region,
        ["AWS_ENDPOINT_URL_S3"] = MotoBatch.Moto.ToString().TrimEnd('/'),
    };

    public static string? Variable(string name) => Environment.GetValueOrDefault(name);

    public static async Task<string> NewBucketAsync()
    {
        var bucket = "aws-batch-" + Guid.NewGuid().ToString("N")[..16];
        using var client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config { ServiceURL = MotoBatch.Moto.ToString(), ForcePathStyle = true, AuthenticationRegion = MotoBatch.Region });
        await client.PutBucketAsync(bucket);
        return bucket;
    }
}
