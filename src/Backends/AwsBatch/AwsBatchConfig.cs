using Experiments.Backends.Configuration;
using Experiments.Backends.Container;

namespace Experiments.Backends.AwsBatch;

/// <summary>The <c>aws-batch</c> section of the experiments config file: binding, and the commented template <c>init</c> writes.</summary>
public static class AwsBatchConfig
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "registry", "repository", "baseImage", "plainHttpRegistry", "store", "endpoint",
        "region", "profile", "jobQueue", "jobDefinitionName", "jobRoleArn", "executionRoleArn", "attempts", "platform",
    ];

    /// <summary>Reads and checks the section; throws <see cref="ConfigException"/> naming the file and every bad key.</summary>
    public static AwsBatchOptions Bind(ConfigSection section, Func<string, string?>? environment = null)
    {
        section.CheckKeys(Keys);
        var endpointText = section.String("endpoint");
        var problems = new List<string>();
        Uri? endpoint = null;
        if (endpointText is not null && !Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint))
            problems.Add($"{section.Key("endpoint")} must be an absolute http(s) URL, not '{endpointText}'.");
        var options = new AwsBatchOptions
        {
            Image = new ContainerImageOptions
            {
                Registry = section.String("registry") ?? "",
                Repository = section.String("repository") ?? "",
                BaseImage = section.String("baseImage") ?? ContainerImageOptions.DefaultBaseImage,
                PlainHttp = section.Bool("plainHttpRegistry") ?? false,
            },
            Store = section.String("store") ?? "",
            Endpoint = endpoint,
            Region = section.String("region"),
            Profile = section.String("profile"),
            JobQueue = section.String("jobQueue") ?? "",
            JobDefinitionName = section.String("jobDefinitionName"),
            JobRoleArn = section.String("jobRoleArn"),
            ExecutionRoleArn = section.String("executionRoleArn"),
            Attempts = section.Int("attempts") ?? AwsBatchOptions.DefaultAttempts,
            Platform = section.String("platform") ?? AwsBatchOptions.Ec2,
            Environment = environment ?? Environment.GetEnvironmentVariable,
        };
        section.ThrowIfProblems(section.Unreported(problems.Concat(options.Problems(section.Name))));
        return options;
    }

    /// <summary>The section <c>dotnet experiment init --backend aws-batch</c> adds (JSON with comments, which the tool reads).</summary>
    public const string Template = """
  "aws-batch": {
    // Required: the ECR registry and repository the app's image is pushed to (tag = package id; an image already
    // there is not pushed again). Create the repository once: aws ecr create-repository --repository-name experiments/my-study
    "registry": "CHANGE-ME to 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    "repository": "CHANGE-ME to experiments/my-study",

    // Required: where results go, s3://bucket/prefix. Each run keeps its plan and records under runs/<run-id>/. The
    // job role (jobRoleArn) must be allowed to read and write it; so must you, as the tool reads the records.
    "store": "CHANGE-ME to s3://my-bucket/experiments",

    // Required: the AWS Batch job queue (name or ARN); its compute environments decide the instances and Spot use.
    "jobQueue": "CHANGE-ME to my-job-queue",

    // The role the tasks run as (needs s3:GetObject, s3:PutObject and s3:ListBucket on the store). Credentials are
    // never put in a job: tasks get them from this role.
    // "jobRoleArn": "arn:aws:iam::123456789012:role/experiments-task",

    // The role ECS pulls the image and writes logs with; required on Fargate.
    // "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",

    // How many times AWS Batch runs a task before it counts as failed (1-10; default 2). The worker skips points a
    // killed attempt had already recorded.
    // "attempts": 2,

    // "EC2" (default) or "FARGATE", as the queue's compute environments are.
    // "platform": "EC2",

    // The job definition's name; left out, "experiments-" and the repository. A revision is registered per image and
    // resources, and reused while it stays the same.
    // "jobDefinitionName": "experiments-my-study",

    // Region and profile; left out, the AWS CLI's chain (AWS_REGION, AWS_PROFILE, ~/.aws/config, SSO).
    // "region": "eu-west-1",
    // "profile": "research",

    // The image the app is layered on (default mcr.microsoft.com/dotnet/runtime-deps:10.0).
    // "baseImage": "mcr.microsoft.com/dotnet/runtime-deps:10.0",

    // Only for a test registry that speaks plain HTTP; ECR is always HTTPS.
    // "plainHttpRegistry": false,

    // AWS Batch's endpoint instead of the region's (a VPC endpoint).
    // "endpoint": "https://batch.eu-west-1.amazonaws.com"
  }
""";
}
