using System.Text.Json;

namespace Experiments.CloudEmulators.AzureBatch;

/// <summary>An emulated Azure Batch job (guarded by the emulator's lock).</summary>
internal sealed class AzureJob(string id, JsonElement spec, string poolId, bool autoPool, DateTimeOffset now)
{
    public string Id { get; } = id;
    public JsonElement Spec { get; } = spec;
    public string PoolId { get; } = poolId;
    public bool AutoPool { get; } = autoPool;
    public DateTimeOffset CreationTime { get; } = now;
    public string State { get; set; } = "active";
    public string? PreviousState { get; set; }
    public DateTimeOffset StateTransitionTime { get; set; } = now;
    public DateTimeOffset? PreviousStateTransitionTime { get; set; }
    public DateTimeOffset LastModified { get; set; } = now;
    public string OnAllTasksComplete { get; set; } = spec.TryGetProperty("onAllTasksComplete", out var o) ? o.GetString()! : "noaction";
    public int Priority { get; set; } = spec.TryGetProperty("priority", out var p) ? p.GetInt32() : 0;
    public DateTimeOffset? EndTime { get; set; }
    public string? TerminateReason { get; set; }
    public List<AzureTask> Tasks { get; } = [];
    public Dictionary<string, AzureTask> TasksById { get; } = new(StringComparer.OrdinalIgnoreCase);
    public CancellationTokenSource Cancellation { get; } = new();

    public int DefaultMaxTaskRetryCount =>
        Spec.TryGetProperty("constraints", out var c) && c.TryGetProperty("maxTaskRetryCount", out var m) ? m.GetInt32() : 0;

    public void MoveTo(string state, DateTimeOffset now)
    {
        PreviousState = State;
        PreviousStateTransitionTime = StateTransitionTime;
        State = state;
        StateTransitionTime = now;
        LastModified = now;
    }
}

/// <summary>An emulated Azure Batch task (guarded by the emulator's lock).</summary>
internal sealed class AzureTask(JsonElement spec, DateTimeOffset now)
{
    public string Id { get; } = spec.GetProperty("id").GetString()!;
    public JsonElement Spec { get; } = spec;
    public DateTimeOffset CreationTime { get; } = now;
    public string State { get; set; } = "active";
    public string? PreviousState { get; set; }
    public DateTimeOffset StateTransitionTime { get; set; } = now;
    public DateTimeOffset LastModified { get; set; } = now;
    public int Attempts { get; set; }
    public int RetryCount { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public DateTimeOffset? LastRetryTime { get; set; }
    public int? ExitCode { get; set; }
    public string? Result { get; set; }
    public (string Category, string Code, string Message)? Failure { get; set; }

    /// <summary>What the latest run printed: the task's stdout.txt and stderr.txt; null before it ran.</summary>
    public Hosting.TaskOutput? Output { get; set; }

    public string CommandLine => Spec.GetProperty("commandLine").GetString()!;

    public int? MaxTaskRetryCount =>
        Spec.TryGetProperty("constraints", out var c) && c.TryGetProperty("maxTaskRetryCount", out var m) ? m.GetInt32() : null;

    public TimeSpan? MaxWallClockTime =>
        Spec.TryGetProperty("constraints", out var c) && c.TryGetProperty("maxWallClockTime", out var m)
            ? System.Xml.XmlConvert.ToTimeSpan(m.GetString()!) : null;

    public void MoveTo(string state, DateTimeOffset now)
    {
        PreviousState = State;
        State = state;
        StateTransitionTime = now;
        LastModified = now;
    }
}
