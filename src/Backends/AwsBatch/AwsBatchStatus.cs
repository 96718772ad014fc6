using System.Globalization;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// Job reports from AWS Batch, at the cost of one DescribeJobs call per 100 jobs per poll (never one
/// per child): each array parent's <c>arrayProperties.statusSummary</c> counts its children, a plain job counts as its
/// own status. When children fail, a few are named with their <c>statusReason</c>, exit code and log stream (ListJobs
/// by <c>arrayJobId</c> and FAILED, then DescribeJobs for those few); those are fetched again only when a parent's
/// failed count grows while fewer than <see cref="OrchestratedBackend.NamedFailures"/> are known. Finished when every job is SUCCEEDED or
/// FAILED; a job AWS no longer knows (it forgets ended jobs after some days) counts its tasks as
/// <see cref="TaskState.Unknown"/> and as finished: the records in the store tell what its points did.
/// One instance per submission being watched.
/// </summary>
public sealed class AwsBatchStatus(IAwsBatchClient client)
{
    private readonly Dictionary<string, KnownFailures> _failures = new(StringComparer.Ordinal);

    /// <summary>One submission's status, as the core words it (a failed query is Unknown, not finished).</summary>
    public async Task<SubmissionStatus> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken = default)
    {
        try
        {
            return StatusText.Combine(AwsBatchBackend.DisplayName, jobs, await ReportAsync(jobs, cancellationToken).ConfigureAwait(false));
        }
        catch (AwsBatchException e)
        {
            return new SubmissionStatus(new Dictionary<TaskState, int> { [TaskState.Unknown] = jobs.Sum(j => j.Tasks.Count) }, Finished: false,
                $"The AWS Batch status query failed: {e.Message}");
        }
    }

    /// <summary>A report per job, with one DescribeJobs per 100 jobs over them all; throws when the query failed.</summary>
    public async Task<IReadOnlyList<JobReport>> ReportAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var details = await client.DescribeAllJobsAsync(jobs.Select(j => j.Id).ToList(), cancellationToken).ConfigureAwait(false);
        await RefreshFailuresAsync(jobs, details, cancellationToken).ConfigureAwait(false);
        return jobs.Select(j => Report(j, details, _failures.TryGetValue(j.Id, out var known) ? known.Named : [])).ToList();
    }

    /// <summary>Task counts of several jobs from DescribeJobs answers, as the core words them; <paramref name="namedFailures"/> are described failed tasks.</summary>
    public static SubmissionStatus Combine(IReadOnlyList<SubmittedJob> jobs, IReadOnlyDictionary<string, JobDetail> details, IReadOnlyList<string> namedFailures) =>
        StatusText.Combine(AwsBatchBackend.DisplayName, jobs, jobs.Select((j, i) => Report(j, details, i == 0 ? namedFailures : [])).ToList());

    /// <summary>One job's task counts from its DescribeJobs answer.</summary>
    public static JobReport Report(SubmittedJob job, IReadOnlyDictionary<string, JobDetail> details, IReadOnlyList<string> namedFailures)
    {
        if (!details.TryGetValue(job.Id, out var detail))
            return JobReport.Forgotten(job.Tasks.Count);
        var counts = new Dictionary<TaskState, int>();
        void Add(TaskState state, int n)
        {
            if (n > 0)
                counts[state] = counts.GetValueOrDefault(state) + n;
        }

        if (!job.IsArray)
            Add(PlainState(detail), 1);
        else
        {
            var counted = 0;
            foreach (var (status, n) in detail.ArrayProperties?.StatusSummary ?? new Dictionary<string, int>())
            {
                var state = AwsBatchStates.ToTaskState(status);
                if (state is TaskState.Failed && WasStopped(detail))
                    state = TaskState.Cancelled;
                var k = Math.Min(Math.Max(n, 0), job.Tasks.Count - counted);
                Add(state, k);
                counted += k;
            }
            // Children the summary does not count yet (AWS fills it in after the parent leaves SUBMITTED): the parent's state.
            Add(detail.Status switch
            {
                JobStatuses.Succeeded => TaskState.Succeeded,
                JobStatuses.Failed => WasStopped(detail) ? TaskState.Cancelled : TaskState.Failed,
                _ => TaskState.Pending,
            }, job.Tasks.Count - counted);
        }
        return new JobReport(counts, AwsBatchStates.IsFinal(detail.Status), namedFailures);
    }

    private static TaskState PlainState(JobDetail detail)
    {
        var state = AwsBatchStates.ToTaskState(detail.Status);
        return state is TaskState.Failed && WasStopped(detail) ? TaskState.Cancelled : state;
    }

    /// <summary>Cancelled or terminated by someone (TerminateJob, CancelJob), rather than failed by itself.</summary>
    private static bool WasStopped(JobDetail detail) => detail.IsCancelled is true || detail.IsTerminated is true;

    private async Task RefreshFailuresAsync(IReadOnlyList<SubmittedJob> jobs, IReadOnlyDictionary<string, JobDetail> details, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            var known = _failures.Values.Sum(f => f.Named.Count);
            if (known >= OrchestratedBackend.NamedFailures)
                return;
            if (!details.TryGetValue(job.Id, out var detail))
                continue;
            var failed = job.IsArray
                ? detail.ArrayProperties?.StatusSummary?.GetValueOrDefault(JobStatuses.Failed) ?? 0
                : detail.Status == JobStatuses.Failed ? 1 : 0;
            var previous = _failures.GetValueOrDefault(job.Id);
            if (failed == 0 || (previous is not null && previous.FailedCount >= failed))
                continue;
            try
            {
                var named = job.IsArray
                    ? await NameFailedChildrenAsync(job, OrchestratedBackend.NamedFailures - known + (previous?.Named.Count ?? 0), cancellationToken).ConfigureAwait(false)
                    : [Describe(job.Tasks.Offset, detail)];
                _failures[job.Id] = new KnownFailures(failed, named);
            }
            catch (AwsBatchException)
            {
                // The counts are right without names; the next poll tries again.
            }
        }
    }

    private async Task<IReadOnlyList<string>> NameFailedChildrenAsync(SubmittedJob job, int count, CancellationToken cancellationToken)
    {
        var page = await client.ListJobsAsync(
            new ListJobsRequest { ArrayJobId = job.Id, JobStatus = JobStatuses.Failed, MaxResults = Math.Clamp(count, 1, 100) }, cancellationToken).ConfigureAwait(false);
        var children = page.JobSummaryList.Take(count).ToList();
        if (children.Count == 0)
            return [];
        // ListJobs has no log stream; one DescribeJobs for these few children has.
        var described = await client.DescribeJobsAsync(new DescribeJobsRequest(children.Select(c => c.JobId).ToList()), cancellationToken).ConfigureAwait(false);
        var byId = (described.Jobs ?? []).ToDictionary(d => d.JobId, StringComparer.Ordinal);
        return children.Select(child =>
            {
                byId.TryGetValue(child.JobId, out var detail);
                var index = AwsBatchChildJobs.Index(child.JobId, detail?.ArrayProperties?.Index ?? child.ArrayProperties?.Index) ?? 0;
                return detail is not null ? Describe(job.Tasks.Offset + index, detail) : Describe(job.Tasks.Offset + index, child);
            })
            .ToList();
    }

    private static string Describe(int task, JobDetail detail)
    {
        var attempt = detail.Attempts is { Count: > 0 } attempts ? attempts[^1] : null;
        var exit = detail.Container?.ExitCode ?? attempt?.Container?.ExitCode;
        var reason = detail.Container?.Reason ?? attempt?.Container?.Reason;
        var log = detail.Container?.LogStreamName ?? attempt?.Container?.LogStreamName;
        return Text(task, detail.JobId, detail.StatusReason ?? attempt?.StatusReason, exit, reason, log);
    }

    private static string Describe(int task, JobSummary summary) =>
        Text(task, summary.JobId, summary.StatusReason, summary.Container?.ExitCode, summary.Container?.Reason, null);

    private static string Text(int task, string jobId, string? statusReason, int? exitCode, string? reason, string? logStream)
    {
        var parts = new List<string> { statusReason ?? "no reason given" };
        if (exitCode is { } code)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"exit {code}"));
        if (!string.IsNullOrEmpty(reason) && reason != statusReason)
            parts.Add(reason);
        if (!string.IsNullOrEmpty(logStream))
            parts.Add($"log stream {logStream}");
        return string.Create(CultureInfo.InvariantCulture, $"task {task} (job {jobId}): {string.Join(", ", parts)}");
    }

    private sealed record KnownFailures(int FailedCount, IReadOnlyList<string> Named);
}

/// <summary>Array children: AWS names them <c>{parent job id}:{index}</c>.</summary>
public static class AwsBatchChildJobs
{
    /// <summary>A child's array index: the one AWS reports, else the number after the last ':' of its id.</summary>
    public static int? Index(string jobId, int? reported)
    {
        if (reported is not null)
            return reported;
        var colon = jobId.LastIndexOf(':');
        return colon >= 0 && int.TryParse(jobId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
