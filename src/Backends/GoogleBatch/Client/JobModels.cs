using System.Text.Json.Serialization;

namespace Experiments.Backends.GoogleBatch.Client;

// The Job resource of google-batch-v1.json, only the members the backend sends or reads. Names are the discovery
// document's (types and JSON members), except Environment and Task, which would hide System's types: BatchEnvironment
// and BatchTask. int64 members travel as JSON strings, as the document's "format": "int64" says; int32 as numbers.

/// <summary>A Batch job: its one task group, where it runs, its labels and where its logs go.</summary>
public sealed record Job
{
    /// <summary>Output only: <c>projects/{project}/locations/{location}/jobs/{jobId}</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Output only: the service's unique id of the job (Cloud Logging labels its tasks' entries with it).</summary>
    public string? Uid { get; init; }

    public IReadOnlyList<TaskGroup>? TaskGroups { get; init; }

    public AllocationPolicy? AllocationPolicy { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public LogsPolicy? LogsPolicy { get; init; }

    /// <summary>Output only.</summary>
    public JobStatus? Status { get; init; }

    /// <summary>Output only (google-datetime).</summary>
    public string? CreateTime { get; init; }

    /// <summary>Output only (google-datetime).</summary>
    public string? UpdateTime { get; init; }
}

public sealed record TaskGroup
{
    /// <summary>Output only: <c>{job}/taskGroups/group0</c>.</summary>
    public string? Name { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? TaskCount { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Parallelism { get; init; }

    public TaskSpec? TaskSpec { get; init; }
}

public sealed record TaskSpec
{
    public IReadOnlyList<Runnable>? Runnables { get; init; }

    public ComputeResource? ComputeResource { get; init; }

    /// <summary>The variables every task of the group gets.</summary>
    public BatchEnvironment? Environment { get; init; }

    /// <summary>int32: how many times a failed task is retried (0–10).</summary>
    public int? MaxRetryCount { get; init; }

    /// <summary>google-duration (<c>"3600s"</c>): the longest one attempt may run.</summary>
    public string? MaxRunDuration { get; init; }
}

public sealed record Runnable
{
    public Container? Container { get; init; }

    public string? DisplayName { get; init; }
}

/// <summary>A container runnable; no entrypoint and no commands run the image's own entry point.</summary>
public sealed record Container
{
    public string? ImageUri { get; init; }

    public string? Entrypoint { get; init; }

    public IReadOnlyList<string>? Commands { get; init; }

    public string? Options { get; init; }
}

public sealed record ComputeResource
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? CpuMilli { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? MemoryMib { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BootDiskMib { get; init; }
}

/// <summary>The definition's <c>Environment</c>: plain variables only (never secrets: tasks get credentials from the VM).</summary>
public sealed record BatchEnvironment
{
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

public sealed record AllocationPolicy
{
    /// <summary>Only <c>instances[0]</c> is used by the service.</summary>
    public IReadOnlyList<InstancePolicyOrTemplate>? Instances { get; init; }

    public ServiceAccount? ServiceAccount { get; init; }

    public NetworkPolicy? Network { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

public sealed record InstancePolicyOrTemplate
{
    public InstancePolicy? Policy { get; init; }

    public bool? InstallGpuDrivers { get; init; }
}

public sealed record InstancePolicy
{
    public string? MachineType { get; init; }

    /// <summary>STANDARD or SPOT (the definition's enum has more).</summary>
    public string? ProvisioningModel { get; init; }

    public IReadOnlyList<Accelerator>? Accelerators { get; init; }
}

public sealed record Accelerator
{
    /// <summary>e.g. <c>nvidia-tesla-t4</c>.</summary>
    public string? Type { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Count { get; init; }
}

public sealed record ServiceAccount
{
    public string? Email { get; init; }
}

public sealed record NetworkPolicy
{
    public IReadOnlyList<NetworkInterface>? NetworkInterfaces { get; init; }
}

public sealed record NetworkInterface
{
    public string? Network { get; init; }

    public string? Subnetwork { get; init; }

    public bool? NoExternalIpAddress { get; init; }
}

public sealed record LogsPolicy
{
    /// <summary>CLOUD_LOGGING or PATH.</summary>
    public string? Destination { get; init; }
}

/// <summary>The values of <see cref="LogsPolicy.Destination"/> and <see cref="InstancePolicy.ProvisioningModel"/> the backend uses.</summary>
public static class BatchEnums
{
    public const string CloudLogging = "CLOUD_LOGGING";
    public const string Standard = "STANDARD";
    public const string Spot = "SPOT";
}
