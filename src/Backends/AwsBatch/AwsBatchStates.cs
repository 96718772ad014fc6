using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// AWS Batch's job statuses as task states. SUBMITTED, PENDING (waiting on dependencies) and RUNNABLE (waiting for
/// capacity) are <see cref="TaskState.Pending"/>; STARTING (placed on an instance, container starting) is
/// <see cref="TaskState.Running"/>, as it holds its capacity already.
/// </summary>
public static class AwsBatchStates
{
    public static TaskState ToTaskState(string? status) => status switch
    {
        JobStatuses.Submitted or JobStatuses.Pending or JobStatuses.Runnable => TaskState.Pending,
        JobStatuses.Starting or JobStatuses.Running => TaskState.Running,
        JobStatuses.Succeeded => TaskState.Succeeded,
        JobStatuses.Failed => TaskState.Failed,
        _ => TaskState.Unknown,
    };

    public static bool IsFinal(string? status) => status is JobStatuses.Succeeded or JobStatuses.Failed;
}
