namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>
/// The Batch v1 methods the backend uses, and nothing else. <see cref="GoogleBatchHttpClient"/> speaks them over HTTP;
/// an adapter over <c>Google.Cloud.Batch.V1</c>'s <c>BatchServiceClient</c> can replace it where that package is
/// available (the records carry the API's names, so the mapping is one to one). Failures are
/// <see cref="GoogleBatchException"/>s.
/// </summary>
public interface IGoogleBatchClient
{
    /// <summary>
    /// jobs.create with a caller-chosen <paramref name="jobId"/>, which makes it idempotent: when a retry of a create
    /// whose answer was lost is answered ALREADY_EXISTS, the job that exists is returned.
    /// </summary>
    /// <param name="parent"><c>projects/{project}/locations/{location}</c>.</param>
    Task<Job> CreateJobAsync(string parent, string jobId, Job job, CancellationToken cancellationToken = default);

    /// <param name="name"><c>projects/{project}/locations/{location}/jobs/{jobId}</c>.</param>
    Task<Job> GetJobAsync(string name, CancellationToken cancellationToken = default);

    /// <param name="filter">e.g. <c>status.state="RUNNING"</c>; null for all.</param>
    Task<ListJobsResponse> ListJobsAsync(string parent, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>jobs.delete: stops the job's tasks and removes it; the answer is a long-running operation.</summary>
    Task<Operation> DeleteJobAsync(string name, CancellationToken cancellationToken = default);

    /// <param name="taskGroup"><c>{job}/taskGroups/group0</c>.</param>
    /// <param name="filter">e.g. <c>State=FAILED</c>; null for all.</param>
    Task<ListTasksResponse> ListTasksAsync(string taskGroup, string? filter = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>Cloud Logging's entries.list, where Batch sends each task's stdout and stderr (<c>logsPolicy: CLOUD_LOGGING</c>).</summary>
    Task<ListLogEntriesResponse> ListLogEntriesAsync(ListLogEntriesRequest request, CancellationToken cancellationToken = default);
}
