using System.Text.Json.Serialization;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>Job_Add's body (the definition's <c>JobAddParameter</c>): only the members the backend sets.</summary>
public sealed record JobAddParameter
{
    /// <summary>Up to 64 letters, digits, hyphens and underscores; unique in the account, case-insensitively.</summary>
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public required PoolInformation PoolInfo { get; init; }

    public JobConstraints? Constraints { get; init; }

    /// <summary>Every task of the job gets these (the run's plan and store).</summary>
    public IReadOnlyList<EnvironmentSetting>? CommonEnvironmentSettings { get; init; }

    /// <summary><c>noaction</c> or <c>terminatejob</c>.</summary>
    public string? OnAllTasksComplete { get; init; }

    public bool? UsesTaskDependencies { get; init; }

    public IReadOnlyList<MetadataItem>? Metadata { get; init; }
}

/// <summary>Job_Patch's body (<c>JobPatchParameter</c>): members left null are not changed.</summary>
public sealed record JobPatchParameter
{
    public string? OnAllTasksComplete { get; init; }
}

/// <summary>Job_Terminate's body (<c>JobTerminateParameter</c>).</summary>
public sealed record JobTerminateParameter(string? TerminateReason = null);

/// <summary>An existing pool by id, or a pool made for the job (<c>PoolInformation</c>).</summary>
public sealed record PoolInformation
{
    public string? PoolId { get; init; }

    public AutoPoolSpecification? AutoPoolSpecification { get; init; }
}

/// <summary>A pool created with the job (<c>AutoPoolSpecification</c>); <c>poolLifetimeOption: job</c> deletes it with the job.</summary>
public sealed record AutoPoolSpecification
{
    /// <summary>Up to 20 characters put before the id Batch assigns.</summary>
    public string? AutoPoolIdPrefix { get; init; }

    /// <summary><c>job</c> or <c>jobschedule</c>.</summary>
    public required string PoolLifetimeOption { get; init; }

    public bool? KeepAlive { get; init; }

    public PoolSpecification? Pool { get; init; }
}

/// <summary>What an auto pool is (<c>PoolSpecification</c>).</summary>
public sealed record PoolSpecification
{
    public required string VmSize { get; init; }

    public VirtualMachineConfiguration? VirtualMachineConfiguration { get; init; }

    public int? TaskSlotsPerNode { get; init; }

    public int? TargetDedicatedNodes { get; init; }

    public int? TargetLowPriorityNodes { get; init; }
}

/// <summary>The nodes' image and container set-up (<c>VirtualMachineConfiguration</c>).</summary>
public sealed record VirtualMachineConfiguration
{
    public required ImageReference ImageReference { get; init; }

    /// <summary>The definition spells it <c>nodeAgentSKUId</c>.</summary>
    [JsonPropertyName("nodeAgentSKUId")]
    public required string NodeAgentSkuId { get; init; }

    public ContainerConfiguration? ContainerConfiguration { get; init; }
}

/// <summary>A marketplace image (<c>ImageReference</c>).</summary>
public sealed record ImageReference
{
    public string? Publisher { get; init; }

    public string? Offer { get; init; }

    public string? Sku { get; init; }

    public string? Version { get; init; }
}

/// <summary>Containers on the pool's nodes (<c>ContainerConfiguration</c>): images pulled before tasks start.</summary>
public sealed record ContainerConfiguration
{
    /// <summary><c>dockerCompatible</c> or <c>criCompatible</c>.</summary>
    public required string Type { get; init; }

    public IReadOnlyList<string>? ContainerImageNames { get; init; }

    public IReadOnlyList<ContainerRegistry>? ContainerRegistries { get; init; }
}

/// <summary>A private registry and how nodes log in to it: here always a managed identity, never a password.</summary>
public sealed record ContainerRegistry
{
    public string? RegistryServer { get; init; }

    public ComputeNodeIdentityReference? IdentityReference { get; init; }
}

/// <summary>A user-assigned managed identity of the pool, by ARM resource id.</summary>
public sealed record ComputeNodeIdentityReference(string ResourceId);

/// <summary>The job's limits (<c>JobConstraints</c>); <c>maxWallClockTime</c> is an ISO 8601 duration.</summary>
public sealed record JobConstraints
{
    public string? MaxWallClockTime { get; init; }

    public int? MaxTaskRetryCount { get; init; }
}

/// <summary>One environment variable (<c>EnvironmentSetting</c>).</summary>
public sealed record EnvironmentSetting(string Name, string? Value);

/// <summary>A name and value Batch keeps for the user (<c>MetadataItem</c>).</summary>
public sealed record MetadataItem(string Name, string Value);

/// <summary>What Job_Get answers (<c>CloudJob</c>), as far as the backend reads it.</summary>
public sealed record CloudJob
{
    public string? Id { get; init; }

    /// <summary><c>active</c>, <c>disabling</c>, <c>disabled</c>, <c>enabling</c>, <c>terminating</c>, <c>completed</c>, <c>deleting</c>.</summary>
    public string? State { get; init; }

    public PoolInformation? PoolInfo { get; init; }

    public JobExecutionInformation? ExecutionInfo { get; init; }
}

/// <summary>Where and how a job ran (<c>JobExecutionInformation</c>).</summary>
public sealed record JobExecutionInformation
{
    public string? PoolId { get; init; }

    public string? TerminateReason { get; init; }

    public JobSchedulingError? SchedulingError { get; init; }
}

/// <summary>Why a job could not be scheduled (an auto pool that could not be made).</summary>
public sealed record JobSchedulingError
{
    public string? Category { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }
}
