namespace Experiments.Backends.AwsBatch.Client;

/// <summary>DescribeJobs' input: at most <see cref="MaxJobs"/> job ids.</summary>
public sealed record DescribeJobsRequest(IReadOnlyList<string> Jobs)
{
    /// <summary>The most ids one DescribeJobs call takes.</summary>
    public const int MaxJobs = 100;
}

/// <summary>The jobs AWS still knows of the ones asked about (it forgets a job some days after it ends).</summary>
public sealed record DescribeJobsResponse(IReadOnlyList<JobDetail>? Jobs);

/// <summary>A job in detail; a parent's <see cref="ArrayProperties"/> counts its children by status.</summary>
public sealed record JobDetail(
    string JobId,
    string JobName,
    string Status,
    string? JobQueue = null,
    string? JobDefinition = null,
    string? StatusReason = null,
    long? CreatedAt = null,
    long? StartedAt = null,
    long? StoppedAt = null,
    bool? IsCancelled = null,
    bool? IsTerminated = null,
    ContainerDetail? Container = null,
    ArrayPropertiesDetail? ArrayProperties = null,
    IReadOnlyList<AttemptDetail>? Attempts = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>A job's container: how it ended and where its log is.</summary>
public sealed record ContainerDetail(
    string? Image = null,
    int? ExitCode = null,
    string? Reason = null,
    string? LogStreamName = null,
    IReadOnlyList<EnvironmentVariable>? Environment = null,
    LogConfiguration? LogConfiguration = null);

/// <summary>Where a container's output goes: with <c>awslogs</c>, the <c>awslogs-group</c> option names the log group.</summary>
public sealed record LogConfiguration(string LogDriver, IReadOnlyDictionary<string, string>? Options = null);

/// <summary>
/// A parent's children by status (<c>statusSummary</c>: JobStatus name → count) and size, or a child's index.
/// </summary>
public sealed record ArrayPropertiesDetail(
    IReadOnlyDictionary<string, int>? StatusSummary = null,
    int? Size = null,
    int? Index = null,
    long? StatusSummaryLastUpdatedAt = null);

/// <summary>One attempt at running a job.</summary>
public sealed record AttemptDetail(AttemptContainerDetail? Container = null, long? StartedAt = null, long? StoppedAt = null, string? StatusReason = null);

/// <summary>How one attempt's container ended and where its log is.</summary>
public sealed record AttemptContainerDetail(int? ExitCode = null, string? Reason = null, string? LogStreamName = null);
