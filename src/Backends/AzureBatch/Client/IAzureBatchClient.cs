namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// The Azure Batch operations the backend uses (api-version <see cref="AzureBatchHttpClient.ApiVersion"/>), and nothing
/// else. <see cref="AzureBatchHttpClient"/> speaks them over Azure.Core's pipeline; an adapter over
/// <c>Azure.Compute.Batch</c> can replace it where that package is available (the records carry the definition's member
/// names). Failures are <see cref="AzureBatchException"/>s.
/// </summary>
public interface IAzureBatchClient
{
    /// <summary>The account URL requests go to (<c>https://{account}.{region}.batch.azure.com</c>).</summary>
    Uri Endpoint { get; }

    Task AddJobAsync(JobAddParameter job, CancellationToken cancellationToken = default);

    /// <summary>Null when the job does not exist.</summary>
    Task<CloudJob?> GetJobAsync(string jobId, string? select = null, CancellationToken cancellationToken = default);

    Task PatchJobAsync(string jobId, JobPatchParameter patch, CancellationToken cancellationToken = default);

    Task TerminateJobAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default);

    Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>One Task_AddCollection call: at most <see cref="TaskAddCollectionParameter.MaxTasks"/> tasks and less than
    /// <see cref="TaskAddCollectionParameter.MaxBytes"/> of JSON. Each task's own result is in the answer.</summary>
    Task<TaskAddCollectionResult> AddTaskCollectionAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken = default);

    /// <summary>Task_List, following <c>odata.nextLink</c> until the last page or <see cref="TaskListOptions.Limit"/>.</summary>
    Task<IReadOnlyList<CloudTask>> ListTasksAsync(string jobId, TaskListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Null when the task does not exist.</summary>
    Task<CloudTask?> GetTaskAsync(string jobId, string taskId, string? select = null, CancellationToken cancellationToken = default);

    Task<TaskCounts> GetTaskCountsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>File_GetFromTask: a file of the task's directory on its node (stdout.txt, stderr.txt) as text; null
    /// when the task, its node or the file is gone (404).</summary>
    Task<string?> GetTaskFileAsync(string jobId, string taskId, string filePath, CancellationToken cancellationToken = default);
}
