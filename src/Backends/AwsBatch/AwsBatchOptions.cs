using System.Globalization;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Backends.Container;
using Experiments.Stores.S3;

namespace Experiments.Backends.AwsBatch;

/// <summary>The <c>aws-batch</c> settings, bound by <see cref="AwsBatchConfig"/>; <see cref="Problems"/> checks them all at once.</summary>
public sealed record AwsBatchOptions
{
    public const int DefaultAttempts = 2;
    public const string Ec2 = "EC2";
    public const string Fargate = "FARGATE";

    /// <summary>Where the package's image goes (ECR in real use) and what it is built on.</summary>
    public ContainerImageOptions Image { get; init; } = new();

    /// <summary>The result store root, <c>s3://bucket/prefix</c>; each run keeps its plan and records under <c>runs/{runId}</c>.</summary>
    public string Store { get; init; } = "";

    /// <summary>AWS Batch's endpoint instead of the region's (a VPC endpoint; the test proxy).</summary>
    public Uri? Endpoint { get; init; }

    public string? Region { get; init; }

    public string? Profile { get; init; }

    /// <summary>The job queue's name or ARN (required): its compute environments say where tasks run.</summary>
    public string JobQueue { get; init; } = "";

    /// <summary>The job definition's name; null: derived from the repository (<see cref="DefinitionName"/>).</summary>
    public string? JobDefinitionName { get; init; }

    /// <summary>The IAM role the tasks run as: it must be allowed to read and write the store.</summary>
    public string? JobRoleArn { get; init; }

    /// <summary>The role ECS pulls the image and writes logs with (required on Fargate).</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>
    /// How many times AWS Batch runs a task (1–10). Two by default: a container killed on its first attempt (a
    /// reclaimed Spot instance) runs again, and the worker skips the points it had already recorded.
    /// </summary>
    public int Attempts { get; init; } = DefaultAttempts;

    /// <summary><see cref="Ec2"/> or <see cref="Fargate"/>, as the job queue's compute environments are.</summary>
    public string Platform { get; init; } = Ec2;

    /// <summary>Where AWS credentials and endpoints are read from (the process environment; a test's own).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public Uri StoreRoot => new(Store);

    /// <summary>The job definition's name: the configured one, else <c>experiments-</c> and the repository made name-safe.</summary>
    public string DefinitionName => JobDefinitionName ?? DerivedDefinitionName(Image.Repository);

    public static string DerivedDefinitionName(string repository)
    {
        var safe = new string(repository.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        var name = safe.Length == 0 ? "experiments" : "experiments-" + safe;
        return name.Length <= 128 ? name : name[..128];
    }

    /// <summary>Every problem, each naming <c>{section}.{key}</c> and what is valid.</summary>
    public IReadOnlyList<string> Problems(string section)
    {
        var problems = new List<string>(Image.Problems(section));
        string Key(string key) => $"{section}.{key}";

        if (string.IsNullOrWhiteSpace(Store))
        {
            problems.Add($"{Key("store")} is required: the S3 location results go to, e.g. s3://my-bucket/experiments.");
        }
        else if (!Uri.TryCreate(Store, UriKind.Absolute, out var store) || store.Scheme != S3Location.Scheme)
        {
            problems.Add($"{Key("store")} must be an S3 location such as s3://my-bucket/experiments, not '{Store}'.");
        }
        else
        {
            try
            {
                S3Location.Parse(store);
            }
            catch (ArgumentException e)
            {
                problems.Add($"{Key("store")}: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(JobQueue))
            problems.Add($"{Key("jobQueue")} is required: the AWS Batch job queue's name or ARN ('aws batch describe-job-queues' lists them).");
        if (JobDefinitionName is not null && !AwsBatchJobDefinitions.IsValidName(JobDefinitionName))
            problems.Add($"{Key("jobDefinitionName")} must be 1–128 letters, numbers, hyphens and underscores, starting with a letter or number, not '{JobDefinitionName}'.");
        if (Attempts is < 1 or > 10)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key("attempts")} must be 1–10 (AWS Batch's retry strategy), not {Attempts}."));
        if (Platform is not (Ec2 or Fargate))
            problems.Add($"{Key("platform")} must be \"{Ec2}\" or \"{Fargate}\", not \"{Platform}\".");
        if (Platform == Fargate && string.IsNullOrWhiteSpace(ExecutionRoleArn))
            problems.Add($"{Key("executionRoleArn")} is required with platform FARGATE: the role that pulls the image and writes logs.");
        foreach (var (key, arn) in new[] { ("jobRoleArn", JobRoleArn), ("executionRoleArn", ExecutionRoleArn) })
            if (arn is not null && !arn.StartsWith("arn:aws", StringComparison.Ordinal))
                problems.Add($"{Key(key)} must be an IAM role ARN such as arn:aws:iam::123456789012:role/experiments-task, not '{arn}'.");
        if (Endpoint is not null && (Endpoint.Scheme is not ("http" or "https") || Endpoint.Query.Length > 0))
            problems.Add($"{Key("endpoint")} must be an http(s) URL without a query, not '{Endpoint}'.");
        return problems;
    }

    /// <summary>The Batch client's options for these settings.</summary>
    internal AwsBatchClientOptions ClientOptions(HttpMessageHandler? handler = null, AwsBatchRetryPolicy? retry = null) => new()
    {
        Region = Region,
        Endpoint = Endpoint,
        Profile = Profile,
        Environment = Environment,
        HttpHandler = handler,
        Retry = retry ?? AwsBatchRetryPolicy.Default,
    };
}
