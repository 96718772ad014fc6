namespace Experiments.Backends.AwsBatch.Client;

// The JSON names are the botocore model's (aws-batch-2016-08-10): AwsBatchJson writes members camelCase, which is
// exactly how the model spells them, and leaves out null members (the model has no member whose null means anything).

/// <summary>RegisterJobDefinition's input: a <c>container</c> definition for one image and its resources.</summary>
public sealed record RegisterJobDefinitionRequest
{
    public required string JobDefinitionName { get; init; }

    /// <summary><c>container</c> (the only type this client registers) or <c>multinode</c>.</summary>
    public string Type { get; init; } = "container";

    public ContainerProperties? ContainerProperties { get; init; }

    public RetryStrategy? RetryStrategy { get; init; }

    public JobTimeout? Timeout { get; init; }

    /// <summary>Whether the definition's and job's tags are copied to the ECS task.</summary>
    public bool? PropagateTags { get; init; }

    /// <summary>At most 50 tags; the backend keeps its content hash here so an identical definition is found again.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary><c>EC2</c> and/or <c>FARGATE</c>; null leaves AWS's default (EC2).</summary>
    public IReadOnlyList<string>? PlatformCapabilities { get; init; }
}

/// <summary>What RegisterJobDefinition answers.</summary>
public sealed record RegisterJobDefinitionResponse(string JobDefinitionName, string JobDefinitionArn, int Revision);

/// <summary>A container job's image, command, environment and resources.</summary>
public sealed record ContainerProperties
{
    public string? Image { get; init; }

    /// <summary>Null runs the image's entry point; the worker needs no arguments (it reads its environment).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<EnvironmentVariable>? Environment { get; init; }

    /// <summary>VCPU, MEMORY (MiB) and GPU, as strings.</summary>
    public IReadOnlyList<ResourceRequirement>? ResourceRequirements { get; init; }

    /// <summary>The IAM role the container's code runs as (it needs the result bucket).</summary>
    public string? JobRoleArn { get; init; }

    /// <summary>The role ECS pulls the image and writes logs with (required on Fargate).</summary>
    public string? ExecutionRoleArn { get; init; }
}

/// <summary>One <c>KeyValuePair</c> of the model: an environment variable.</summary>
public sealed record EnvironmentVariable(string Name, string Value);

/// <summary>One resource a container needs; <see cref="Type"/> is one of <see cref="ResourceTypes"/>.</summary>
public sealed record ResourceRequirement(string Type, string Value);

/// <summary>The model's <c>ResourceType</c> enum.</summary>
public static class ResourceTypes
{
    public const string Vcpu = "VCPU";
    public const string Memory = "MEMORY";
    public const string Gpu = "GPU";
}

/// <summary>How many times AWS Batch runs a job (1–10) before it is FAILED.</summary>
public sealed record RetryStrategy(int Attempts);

/// <summary>How long one attempt may run before AWS Batch stops it (at least 60 s).</summary>
public sealed record JobTimeout(int AttemptDurationSeconds);

/// <summary>DescribeJobDefinitions' input: here always by name and status, page by page.</summary>
public sealed record DescribeJobDefinitionsRequest
{
    public string? JobDefinitionName { get; init; }

    /// <summary><c>ACTIVE</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>One page of job definitions.</summary>
public sealed record DescribeJobDefinitionsResponse(IReadOnlyList<JobDefinition>? JobDefinitions, string? NextToken);

/// <summary>A registered job definition revision.</summary>
public sealed record JobDefinition(
    string JobDefinitionName,
    string JobDefinitionArn,
    int Revision,
    string Type,
    string? Status = null,
    ContainerProperties? ContainerProperties = null,
    RetryStrategy? RetryStrategy = null,
    JobTimeout? Timeout = null,
    IReadOnlyDictionary<string, string>? Tags = null);
