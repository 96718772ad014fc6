using Experiments.Worker;

namespace Experiments.Backends.Cloud;

/// <summary>
/// The variables every cloud task gets, whatever the service: where the plan and the store are. The task's index comes
/// from the service (<c>AWS_BATCH_JOB_ARRAY_INDEX</c>, <c>BATCH_TASK_INDEX</c>) or from the task's own environment
/// (Azure, <c>EXPERIMENTS_TASK_INDEX</c>), plus <c>EXPERIMENTS_TASK_OFFSET</c> when a plan is split over several jobs.
/// Credentials never go here: tasks get them from the cloud's own chain where they run (a job role, a managed identity,
/// the VM's service account). A SAS token on an Azure store root is the tool's alone: the locations tasks get carry no
/// query, because a job's environment can be read by anyone who may read the job.
/// </summary>
public static class CloudWorkerEnvironment
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(CloudRunLocation run) =>
    [
        new(WorkerOptions.PlanVariable, WithoutSecrets(run.Plan)),
        new(WorkerOptions.StoreVariable, WithoutSecrets(run.Store)),
    ];

    private static string WithoutSecrets(Uri location) =>
        location.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
