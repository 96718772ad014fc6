namespace Experiments.Backends.AwsBatch.Client;

/// <summary>SubmitJob's input: one array job (when <see cref="ArrayProperties"/> is set) or one plain job.</summary>
public sealed record SubmitJobRequest
{
    /// <summary>Up to 128 letters, numbers, hyphens and underscores, starting with a letter or number.</summary>
    public required string JobName { get; init; }

    /// <summary>The queue's name or ARN.</summary>
    public required string JobQueue { get; init; }

    /// <summary>The definition's <c>name:revision</c> or ARN.</summary>
    public required string JobDefinition { get; init; }

    /// <summary>Null for a plain job; otherwise an array of 2–10,000 children.</summary>
    public ArrayProperties? ArrayProperties { get; init; }

    public ContainerOverrides? ContainerOverrides { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>An array job's size (2–10,000).</summary>
public sealed record ArrayProperties(int Size);

/// <summary>What one job changes of its definition's container: here only the environment.</summary>
public sealed record ContainerOverrides(IReadOnlyList<EnvironmentVariable>? Environment = null);

/// <summary>What SubmitJob answers.</summary>
public sealed record SubmitJobResponse(string JobName, string JobId, string? JobArn = null);

/// <summary>TerminateJob's input; the reason shows in the job's <c>statusReason</c>.</summary>
public sealed record TerminateJobRequest(string JobId, string Reason);
