namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// ListJobs' input: the children of an array (<see cref="ArrayJobId"/>) or the jobs of a queue (<see cref="JobQueue"/>),
/// with one <see cref="JobStatus"/> (AWS lists RUNNING ones when it is null), page by page.
/// </summary>
public sealed record ListJobsRequest
{
    public string? JobQueue { get; init; }

    public string? ArrayJobId { get; init; }

    /// <summary>One of <see cref="JobStatuses"/>.</summary>
    public string? JobStatus { get; init; }

    /// <summary>1–1000 (AWS's default is 100).</summary>
    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }

    /// <summary>
    /// <c>JOB_NAME</c> (a name, or a prefix ending in <c>*</c>), <c>JOB_DEFINITION</c>, <c>BEFORE_CREATED_AT</c>,
    /// <c>AFTER_CREATED_AT</c>; with filters AWS ignores <see cref="JobStatus"/> and lists jobs of every status.
    /// </summary>
    public IReadOnlyList<KeyValuesPair>? Filters { get; init; }
}

/// <summary>One ListJobs filter: a name and its values.</summary>
public sealed record KeyValuesPair(string Name, IReadOnlyList<string> Values);

/// <summary>One page of jobs.</summary>
public sealed record ListJobsResponse(IReadOnlyList<JobSummary> JobSummaryList, string? NextToken = null);

/// <summary>A job as ListJobs shows it; for a child, <see cref="ArrayProperties"/> holds its index.</summary>
public sealed record JobSummary(
    string JobId,
    string JobName,
    string? Status = null,
    string? StatusReason = null,
    long? CreatedAt = null,
    long? StartedAt = null,
    long? StoppedAt = null,
    ContainerSummary? Container = null,
    ArrayPropertiesSummary? ArrayProperties = null);

/// <summary>How a job's container ended.</summary>
public sealed record ContainerSummary(int? ExitCode = null, string? Reason = null);

/// <summary>A parent's size, or a child's index.</summary>
public sealed record ArrayPropertiesSummary(int? Size = null, int? Index = null);

/// <summary>The model's <c>JobStatus</c> enum, in the order a job goes through it.</summary>
public static class JobStatuses
{
    public const string Submitted = "SUBMITTED";
    public const string Pending = "PENDING";
    public const string Runnable = "RUNNABLE";
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public static IReadOnlyList<string> All { get; } = [Submitted, Pending, Runnable, Starting, Running, Succeeded, Failed];
}
