namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// The AWS Batch operations the backend uses, and nothing else. <see cref="AwsBatchHttpClient"/> speaks them over
/// HTTP; an adapter over <c>AWSSDK.Batch</c>'s <c>AmazonBatchClient</c> can replace it where that package is available
/// (the records carry the model's member names, so the mapping is one to one). Failures are
/// <see cref="AwsBatchException"/>s.
/// </summary>
public interface IAwsBatchClient
{
    Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken cancellationToken = default);

    Task<DescribeJobDefinitionsResponse> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken cancellationToken = default);

    Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken = default);

    Task<ListJobsResponse> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>At most <see cref="DescribeJobsRequest.MaxJobs"/> ids per call (see <see cref="AwsBatchPaging"/>).</summary>
    Task<DescribeJobsResponse> DescribeJobsAsync(DescribeJobsRequest request, CancellationToken cancellationToken = default);

    Task TerminateJobAsync(TerminateJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>CloudWatch Logs' GetLogEvents on a job's log stream (AWS Batch keeps no output itself).</summary>
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);
}
