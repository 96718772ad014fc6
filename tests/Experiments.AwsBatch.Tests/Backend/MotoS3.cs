using Experiments.CloudEmulators.AwsBatch;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>moto's S3 (beside its Batch): the environment the tool and the compute environment would have, and fresh buckets.</summary>
public static class MotoS3
{
    public const string AccessKey = "AKIAEXPERIMENTSTEST";
    public const string SecretKey = "moto-secret-never-in-a-job";

    /// <summary>What the tool's process would have (and the compute environment's role gives a task): keys, region, S3 endpoint.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = MotoAccount.Environment(AccessKey, SecretKey);

    public static string? Variable(string name) => Environment.GetValueOrDefault(name);

    public static async Task<string> NewBucketAsync()
    {
        var bucket = "aws-batch-" + Guid.NewGuid().ToString("N")[..16];
        await MotoAccount.CreateBucketAsync(bucket);
        return bucket;
    }
}
