using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>A job's state and its task group's task counts (output only).</summary>
public sealed record JobStatus
{
    /// <summary>QUEUED, SCHEDULED, RUNNING, SUCCEEDED, FAILED, DELETION_IN_PROGRESS, CANCELLATION_IN_PROGRESS, CANCELLED.</summary>
    public string? State { get; init; }

    public IReadOnlyList<StatusEvent>? StatusEvents { get; init; }

    /// <summary>By task group id (<c>group0</c>).</summary>
    public IReadOnlyDictionary<string, TaskGroupStatus>? TaskGroups { get; init; }

    /// <summary>google-duration.</summary>
    public string? RunDuration { get; init; }
}

public sealed record TaskGroupStatus
{
    /// <summary>Tasks per task state; the counts are int64, as JSON strings.</summary>
    public IReadOnlyDictionary<string, string>? Counts { get; init; }
}

public sealed record StatusEvent
{
    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? EventTime { get; init; }

    public string? TaskState { get; init; }

    public TaskExecution? TaskExecution { get; init; }
}

public sealed record TaskExecution
{
    /// <summary>int32.</summary>
    public int? ExitCode { get; init; }
}

public sealed record ListJobsResponse
{
    public IReadOnlyList<Job>? Jobs { get; init; }

    public string? NextPageToken { get; init; }

    public IReadOnlyList<string>? Unreachable { get; init; }
}

/// <summary>The definition's <c>Task</c>: one task of a task group.</summary>
public sealed record BatchTask
{
    /// <summary><c>{job}/taskGroups/group0/tasks/{index}</c>.</summary>
    public string? Name { get; init; }

    public TaskStatus? Status { get; init; }
}

public sealed record TaskStatus
{
    /// <summary>PENDING, ASSIGNED, RUNNING, FAILED, SUCCEEDED, UNEXECUTED.</summary>
    public string? State { get; init; }

    public IReadOnlyList<StatusEvent>? StatusEvents { get; init; }
}

public sealed record ListTasksResponse
{
    public IReadOnlyList<BatchTask>? Tasks { get; init; }

    public string? NextPageToken { get; init; }

    public IReadOnlyList<string>? Unreachable { get; init; }
}

/// <summary>A long-running operation (what jobs.delete answers).</summary>
public sealed record Operation
{
    public string? Name { get; init; }

    public bool? Done { get; init; }

    public OperationError? Error { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>The definition's <c>Status</c> (google.rpc.Status) of a failed operation.</summary>
public sealed record OperationError
{
    public int? Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>Job and task states as the service spells them.</summary>
public static class BatchStates
{
    public const string Queued = "QUEUED";
    public const string Scheduled = "SCHEDULED";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string DeletionInProgress = "DELETION_IN_PROGRESS";
    public const string CancellationInProgress = "CANCELLATION_IN_PROGRESS";
    public const string Pending = "PENDING";
    public const string Assigned = "ASSIGNED";
    public const string Unexecuted = "UNEXECUTED";
}
