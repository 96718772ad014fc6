using System.Text.Json.Serialization;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>One task to add (<c>TaskAddParameter</c>).</summary>
public sealed record TaskAddParameter
{
    /// <summary>Up to 64 letters, digits, hyphens and underscores; unique in the job, case-insensitively.</summary>
    public required string Id { get; init; }

    /// <summary>Required by the definition. For a container task an empty command line runs the image's entry point.</summary>
    public required string CommandLine { get; init; }

    public TaskContainerSettings? ContainerSettings { get; init; }

    public IReadOnlyList<EnvironmentSetting>? EnvironmentSettings { get; init; }

    public TaskConstraints? Constraints { get; init; }

    /// <summary>Scheduling slots the task takes on a node (at most the pool's <c>taskSlotsPerNode</c>).</summary>
    public int? RequiredSlots { get; init; }
}

/// <summary>The container a task runs in (<c>TaskContainerSettings</c>).</summary>
public sealed record TaskContainerSettings
{
    public required string ImageName { get; init; }

    public string? ContainerRunOptions { get; init; }

    /// <summary>Omitted when the pool already names the registry.</summary>
    public ContainerRegistry? Registry { get; init; }

    /// <summary><c>taskWorkingDirectory</c> (Batch's default) or <c>containerImageDefault</c> (the image's WORKDIR).</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>A task's limits (<c>TaskConstraints</c>).</summary>
public sealed record TaskConstraints
{
    /// <summary>ISO 8601 duration; null for no limit.</summary>
    public string? MaxWallClockTime { get; init; }

    /// <summary>Retries after a non-zero exit (-1: unlimited).</summary>
    public int? MaxTaskRetryCount { get; init; }
}

/// <summary>Task_AddCollection's body: at most 100 tasks, less than 1 MB serialized.</summary>
public sealed record TaskAddCollectionParameter(IReadOnlyList<TaskAddParameter> Value)
{
    public const int MaxTasks = 100;

    /// <summary>"The total serialized size of this collection must be less than 1MB."</summary>
    public const int MaxBytes = 1024 * 1024;
}

/// <summary>Task_AddCollection's answer: one result per task sent.</summary>
public sealed record TaskAddCollectionResult(IReadOnlyList<TaskAddResult>? Value);

/// <summary>One task's add (<c>TaskAddResult</c>): <c>success</c>, <c>clienterror</c> or <c>servererror</c>.</summary>
public sealed record TaskAddResult
{
    public required string Status { get; init; }

    public required string TaskId { get; init; }

    public BatchError? Error { get; init; }
}

/// <summary>Batch's error shape (<c>BatchError</c>).</summary>
public sealed record BatchError
{
    public string? Code { get; init; }

    public ErrorMessage? Message { get; init; }

    public IReadOnlyList<BatchErrorDetail>? Values { get; init; }

    public override string ToString() =>
        (Code ?? "no error code") + (Message?.Value is { } text ? ": " + text.Split('\n')[0].Trim() : "")
        + (Values is { Count: > 0 } values ? " (" + string.Join("; ", values.Select(v => $"{v.Key}: {v.Value}")) + ")" : "");
}

public sealed record ErrorMessage(string? Lang, string? Value);

public sealed record BatchErrorDetail(string? Key, string? Value);

/// <summary>A task as Task_Get and Task_List answer it (<c>CloudTask</c>), as far as the backend reads it.</summary>
public sealed record CloudTask
{
    public string? Id { get; init; }

    /// <summary><c>active</c>, <c>preparing</c>, <c>running</c>, <c>completed</c>.</summary>
    public string? State { get; init; }

    public TaskExecutionInformation? ExecutionInfo { get; init; }
}

/// <summary>How a task's latest attempt went (<c>TaskExecutionInformation</c>).</summary>
public sealed record TaskExecutionInformation
{
    public int? ExitCode { get; init; }

    /// <summary><c>success</c> or <c>failure</c>.</summary>
    public string? Result { get; init; }

    public TaskFailureInformation? FailureInfo { get; init; }

    public int RetryCount { get; init; }
}

/// <summary>Why a task failed (<c>TaskFailureInformation</c>).</summary>
public sealed record TaskFailureInformation
{
    /// <summary><c>usererror</c> or <c>servererror</c>.</summary>
    public string? Category { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>One page of Task_List (<c>CloudTaskListResult</c>).</summary>
public sealed record CloudTaskListResult
{
    public IReadOnlyList<CloudTask>? Value { get; init; }

    [JsonPropertyName("odata.nextLink")]
    public string? NextLink { get; init; }
}

/// <summary>Task_List's options: an OData <c>$filter</c>, the members to return, the page size.</summary>
public sealed record TaskListOptions
{
    /// <summary>E.g. <c>executionInfo/result eq 'failure'</c>.</summary>
    public string? Filter { get; init; }

    /// <summary>E.g. <c>id,executionInfo</c>.</summary>
    public string? Select { get; init; }

    /// <summary>1–1000 per page.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Stop after this many tasks (null: every page).</summary>
    public int? Limit { get; init; }
}

/// <summary>Job_GetTaskCounts's answer (<c>TaskCountsResult</c>).</summary>
public sealed record TaskCountsResult(TaskCounts TaskCounts);

/// <summary>The job's tasks by state; <see cref="Completed"/> = <see cref="Succeeded"/> + <see cref="Failed"/> + tasks ended
/// without a result (a terminated job's).</summary>
public sealed record TaskCounts(int Active, int Running, int Completed, int Succeeded, int Failed);
