using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// Submits a submission's jobs so that each starts exactly once. SubmitJob has no idempotency token, so the client does
/// not repeat a SubmitJob whose answer was lost (<see cref="AwsBatchException.MayHaveBeenApplied"/>); here the job is
/// first looked up by its name, which is unique to the submission (<see cref="AwsBatchJobPlan.NamePrefix"/>), and only
/// submitted again when the queue does not have it. When a job cannot be started at all, the ones this call started are
/// terminated, as they would otherwise run outside the journal, beyond cancel and resume.
/// </summary>
public sealed class AwsBatchSubmitter(IAwsBatchClient client, AwsBatchRetryPolicy? retry = null)
{
    private readonly AwsBatchRetryPolicy _retry = retry ?? AwsBatchRetryPolicy.Default;

    /// <summary>How many times a job whose SubmitJob answer was lost is looked up and submitted again.</summary>
    public int Recoveries { get; init; } = 5;

    /// <summary>
    /// The wait before looking a job up after a lost answer: ListJobs may not list a job submitted a moment ago.
    /// </summary>
    public TimeSpan LookupDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Submits <paramref name="requests"/> in order and returns their job ids, in the same order.</summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<SubmitJobRequest> requests, CancellationToken cancellationToken)
    {
        var ids = new List<string>(requests.Count);
        try
        {
            foreach (var request in requests)
                ids.Add(await SubmitOneAsync(request, cancellationToken).ConfigureAwait(false));
            return ids;
        }
        catch
        {
            await TerminateAsync(ids, "Withdrawn: the submission these jobs belong to failed before it was recorded.").ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string> SubmitOneAsync(SubmitJobRequest request, CancellationToken cancellationToken)
    {
        for (var recovery = 0; ; recovery++)
        {
            try
            {
                return (await client.SubmitJobAsync(request, cancellationToken).ConfigureAwait(false)).JobId;
            }
            catch (AwsBatchException e) when (e.MayHaveBeenApplied && recovery < Recoveries)
            {
                await Task.Delay(LookupDelay + _retry.Delay(recovery + 1, Random.Shared), cancellationToken).ConfigureAwait(false);
                if (await FindAsync(request, cancellationToken).ConfigureAwait(false) is { } applied)
                    return applied;
            }
        }
    }

    /// <summary>The job of this name in the queue, if the lost SubmitJob was carried out (the oldest, should there be two).</summary>
    private async Task<string?> FindAsync(SubmitJobRequest request, CancellationToken cancellationToken)
    {
        var found = await client.ListAllJobsAsync(new ListJobsRequest
        {
            JobQueue = request.JobQueue,
            Filters = [new KeyValuesPair("JOB_NAME", [request.JobName])],
        }, cancellationToken).ConfigureAwait(false);
        return found.Where(j => string.Equals(j.JobName, request.JobName, StringComparison.Ordinal))
            .OrderBy(j => j.CreatedAt ?? long.MaxValue)
            .Select(j => j.JobId)
            .FirstOrDefault();
    }

    /// <summary>Terminates jobs, best effort (a job that cannot be terminated is left to finish).</summary>
    public async Task TerminateAsync(IReadOnlyList<string> jobIds, string reason)
    {
        foreach (var id in jobIds)
        {
            try
            {
                await client.TerminateJobAsync(new TerminateJobRequest(id, reason), CancellationToken.None).ConfigureAwait(false);
            }
            catch (AwsBatchException)
            {
                // Best effort: the failure that brought us here is the one to report.
            }
        }
    }
}
