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

    /// <summary>How long the last lookup of a job that may exist may take when a submission gives up.</summary>
    public TimeSpan FinalLookupTimeLimit { get; init; } = TimeSpan.FromSeconds(60);

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
        var current = new Attempts();
        try
        {
            foreach (var request in requests)
            {
                current = new Attempts();
                ids.Add(await SubmitOneAsync(request, current, cancellationToken).ConfigureAwait(false));
            }
            return ids;
        }
        catch (Exception e)
        {
            // The job being submitted may exist even though no answer said so (answers lost until the recoveries ran
            // out, a ListJobs that failed, a cancel mid-call): look once more, so that it is terminated with the rest.
            string? unsure = null;
            if (current.MayExist is { } request)
            {
                var (found, lookedUp) = await FindQuietlyAsync(request).ConfigureAwait(false);
                if (found is not null)
                    ids.Add(found);
                else if (!lookedUp)
                    unsure = request.JobName;
            }
            await TerminateAsync(ids, "Withdrawn: the submission these jobs belong to failed before it was recorded.").ConfigureAwait(false);
            if (unsure is not null && e is AwsBatchException failed)
                throw new AwsBatchException(
                    $"{failed.Message} The job {unsure} may have been created in queue {requests[0].JobQueue} without AWS saying so, and it could not be " +
                    $"looked up: if `aws batch list-jobs --job-queue {requests[0].JobQueue} --filters name=JOB_NAME,values={unsure}` lists it, terminate it " +
                    "(aws batch terminate-job).", failed.Operation, failed.ErrorCode, failed.StatusCode, failed);
            throw;
        }
    }

    private async Task<string> SubmitOneAsync(SubmitJobRequest request, Attempts attempts, CancellationToken cancellationToken)
    {
        for (var recovery = 0; ; recovery++)
        {
            try
            {
                return (await client.SubmitJobAsync(request, cancellationToken).ConfigureAwait(false)).JobId;
            }
            catch (AwsBatchException e) when (e.MayHaveBeenApplied)
            {
                attempts.MayExist = request;
                if (recovery >= Recoveries)
                    throw;
            }
            catch (OperationCanceledException)
            {
                attempts.MayExist = request; // cancelled in flight: AWS may have carried it out
                throw;
            }
            await Task.Delay(LookupDelay + _retry.Delay(recovery + 1, Random.Shared), cancellationToken).ConfigureAwait(false);
            if (await FindAsync(request, cancellationToken).ConfigureAwait(false) is { } applied)
                return applied;
        }
    }

    /// <summary>A last lookup when a submission gives up: bounded, and never failing (<c>LookedUp</c> says whether it could look).</summary>
    private async Task<(string? Found, bool LookedUp)> FindQuietlyAsync(SubmitJobRequest request)
    {
        using var limit = new CancellationTokenSource(FinalLookupTimeLimit);
        try
        {
            await Task.Delay(LookupDelay, limit.Token).ConfigureAwait(false);
            return (await FindAsync(request, limit.Token).ConfigureAwait(false), true);
        }
        catch (Exception e) when (e is AwsBatchException or OperationCanceledException)
        {
            return (null, false);
        }
    }

    /// <summary>The request whose job may exist without its id being known (null when the last answer was clear).</summary>
    private sealed class Attempts
    {
        public SubmitJobRequest? MayExist { get; set; }
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
