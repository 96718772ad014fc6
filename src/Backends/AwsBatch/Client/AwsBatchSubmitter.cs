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

    /// <summary>Submits <paramref name="requests"/> in order and returns their job ids, in the same order; on failure
    /// terminates what it started (and the job that may exist), then throws.</summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<SubmitJobRequest> requests, CancellationToken cancellationToken)
    {
        var ids = new List<string>(requests.Count);
        try
        {
            foreach (var request in requests)
                ids.Add(await SubmitAsync(request, cancellationToken).ConfigureAwait(false));
            return ids;
        }
        catch (Exception e) when (e is AwsBatchException or OperationCanceledException)
        {
            await WithdrawAsync(ids, ids.Count < requests.Count ? JobName.Of(requests[ids.Count]) : null).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Submits one job, looking it up by name after a lost answer rather than submitting it twice.</summary>
    public Task<string> SubmitAsync(SubmitJobRequest request, CancellationToken cancellationToken) =>
        SubmitOneAsync(request, cancellationToken);

    /// <summary>
    /// Terminates jobs a failed submission started, and <paramref name="unsure"/>, whose start was cut short, if a last
    /// lookup finds it. Throws when the lookup could not be made: that job may exist without anyone knowing.
    /// </summary>
    public async Task WithdrawAsync(IReadOnlyList<string> started, JobName? unsure)
    {
        var ids = started.ToList();
        string? notLookedUp = null;
        if (unsure is not null)
        {
            var (found, lookedUp) = await FindQuietlyAsync(unsure).ConfigureAwait(false);
            if (found is not null)
                ids.Add(found);
            else if (!lookedUp)
                notLookedUp = unsure.Name;
        }
        await TerminateAsync(ids, "Withdrawn: the submission these jobs belong to failed before it was recorded.").ConfigureAwait(false);
        if (notLookedUp is not null)
            throw new AwsBatchException(
                $"The job {notLookedUp} may have been created in queue {unsure!.Queue} without AWS saying so, and it could not be looked up: " +
                $"if `aws batch list-jobs --job-queue {unsure.Queue} --filters name=JOB_NAME,values={notLookedUp}` lists it, terminate it (aws batch terminate-job).",
                "ListJobs");
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
                // Lost answer: look the job up by its name before submitting it again (below). Past the recoveries, or
                // cancelled in flight, the job may exist: the caller withdraws it after a last lookup.
            }
            await Task.Delay(LookupDelay + _retry.Delay(recovery + 1, Random.Shared), cancellationToken).ConfigureAwait(false);
            if (await FindAsync(JobName.Of(request), cancellationToken).ConfigureAwait(false) is { } applied)
                return applied;
        }
    }

    /// <summary>A last lookup when a submission gives up: bounded, and never failing (<c>LookedUp</c> says whether it could look).</summary>
    private async Task<(string? Found, bool LookedUp)> FindQuietlyAsync(JobName request)
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

    /// <summary>The job of this name in the queue, if the lost SubmitJob was carried out (the oldest, should there be two).</summary>
    private async Task<string?> FindAsync(JobName request, CancellationToken cancellationToken)
    {
        var found = await client.ListAllJobsAsync(new ListJobsRequest
        {
            JobQueue = request.Queue,
            Filters = [new KeyValuesPair("JOB_NAME", [request.Name])],
        }, cancellationToken).ConfigureAwait(false);
        return found.Where(j => string.Equals(j.JobName, request.Name, StringComparison.Ordinal))
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

/// <summary>A job's name and queue: how a job whose SubmitJob answer was lost is found.</summary>
public sealed record JobName(string Name, string Queue)
{
    public static JobName Of(SubmitJobRequest request) => new(request.JobName, request.JobQueue);
}
