using System.Globalization;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// A submission's task counts from AWS Batch, at the cost of one DescribeJobs call per 100 jobs per poll (never one
/// per child): each array parent's <c>arrayProperties.statusSummary</c> counts its children, a plain job counts as its
/// own status. When children fail, a few are named with their <c>statusReason</c>, exit code and log stream (ListJobs
/// by <c>arrayJobId</c> and FAILED, then DescribeJobs for those few); those are fetched again only when a parent's
/// failed count grows while fewer than <see cref="NamedFailures"/> are known. Finished when every job is SUCCEEDED or
/// FAILED; a job AWS no longer knows (it forgets ended jobs after some days) counts its tasks as
/// <see cref="TaskState.Unknown"/> and as finished: the records in the store tell what its points did.
/// One instance per submission being watched.
/// </summary>
public sealed class AwsBatchStatus(IAwsBatchClient client)
{
    /// <summary>How many failed tasks the message names; the rest are counted.</summary>
    public const int NamedFailures = 5;

    private readonly Dictionary<string, KnownFailures> _failures = new(StringComparer.Ordinal);

    public async Task<SubmissionStatus> PollAsync(IReadOnlyList<AwsBatchJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        IReadOnlyDictionary<string, JobDetail> details;
        try
        {
            details = await client.DescribeAllJobsAsync(jobs.Select(j => j.JobId).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsBatchException e)
        {
            var unknown = jobs.Sum(j => j.Tasks.Count);
            return new SubmissionStatus(new Dictionary<TaskState, int> { [TaskState.Unknown] = unknown }, Finished: false,
                $"The AWS Batch status query failed: {e.Message}");
        }
        await RefreshFailuresAsync(jobs, details, cancellationToken).ConfigureAwait(false);
        return Combine(jobs, details, _failures.Values.SelectMany(f => f.Named).ToList());
    }

    /// <summary>
    /// The status of several submissions' jobs (a run's) with one DescribeJobs per 100 jobs over them all, in their order.
    /// </summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<IReadOnlyList<AwsBatchJob>> submissions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var all = submissions.SelectMany(s => s).ToList();
        IReadOnlyDictionary<string, JobDetail> details;
        try
        {
            details = await client.DescribeAllJobsAsync(all.Select(j => j.JobId).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsBatchException e)
        {
            return submissions.Select(jobs => new SubmissionStatus(
                new Dictionary<TaskState, int> { [TaskState.Unknown] = jobs.Sum(j => j.Tasks.Count) }, Finished: false,
                $"The AWS Batch status query failed: {e.Message}")).ToList();
        }
        await RefreshFailuresAsync(all, details, cancellationToken).ConfigureAwait(false);
        return submissions.Select(jobs => Combine(jobs, details,
            jobs.SelectMany(j => _failures.TryGetValue(j.JobId, out var known) ? known.Named : []).ToList())).ToList();
    }

    /// <summary>Task counts from DescribeJobs answers; <paramref name="namedFailures"/> are described failed tasks.</summary>
    public static SubmissionStatus Combine(IReadOnlyList<AwsBatchJob> jobs, IReadOnlyDictionary<string, JobDetail> details, IReadOnlyList<string> namedFailures)
    {
        var counts = new Dictionary<TaskState, int>();
        void Add(TaskState state, int n)
        {
            if (n > 0)
                counts[state] = counts.GetValueOrDefault(state) + n;
        }

        var finished = true;
        var lost = new List<string>();
        foreach (var job in jobs)
        {
            if (!details.TryGetValue(job.JobId, out var detail))
            {
                Add(TaskState.Unknown, job.Tasks.Count);
                lost.Add(job.JobId);
                continue;
            }
            finished &= AwsBatchStates.IsFinal(detail.Status);
            if (!job.IsArray)
            {
                Add(PlainState(detail), 1);
                continue;
            }
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
            var rest = job.Tasks.Count - counted;
            Add(detail.Status switch
            {
                JobStatuses.Succeeded => TaskState.Succeeded,
                JobStatuses.Failed => WasStopped(detail) ? TaskState.Cancelled : TaskState.Failed,
                _ => TaskState.Pending,
            }, rest);
        }

        var failed = counts.GetValueOrDefault(TaskState.Failed);
        var messages = new List<string>();
        if (failed > 0)
        {
            var named = namedFailures.Take(NamedFailures).ToList();
            var text = $"{failed} AWS Batch task(s) failed";
            if (named.Count > 0)
                text += ": " + string.Join("; ", named);
            if (failed > named.Count && named.Count > 0)
                text += string.Create(CultureInfo.InvariantCulture, $"; and {failed - named.Count} more");
            messages.Add(text + ".");
        }
        if (lost.Count > 0)
            messages.Add($"AWS Batch no longer knows job(s) {string.Join(", ", lost.Take(5))}{(lost.Count > 5 ? ", …" : "")}; their tasks are Unknown (the store's records tell what they did).");
        return new SubmissionStatus(counts, finished, messages.Count == 0 ? null : string.Join(" ", messages));
    }

    private static TaskState PlainState(JobDetail detail)
    {
        var state = AwsBatchStates.ToTaskState(detail.Status);
        return state is TaskState.Failed && WasStopped(detail) ? TaskState.Cancelled : state;
    }

    /// <summary>Cancelled or terminated by someone (TerminateJob, CancelJob), rather than failed by itself.</summary>
    private static bool WasStopped(JobDetail detail) => detail.IsCancelled is true || detail.IsTerminated is true;

    private async Task RefreshFailuresAsync(IReadOnlyList<AwsBatchJob> jobs, IReadOnlyDictionary<string, JobDetail> details, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            var known = _failures.Values.Sum(f => f.Named.Count);
            if (known >= NamedFailures)
                return;
            if (!details.TryGetValue(job.JobId, out var detail))
                continue;
            var failed = job.IsArray
                ? detail.ArrayProperties?.StatusSummary?.GetValueOrDefault(JobStatuses.Failed) ?? 0
                : detail.Status == JobStatuses.Failed ? 1 : 0;
            var previous = _failures.GetValueOrDefault(job.JobId);
            if (failed == 0 || (previous is not null && previous.FailedCount >= failed))
                continue;
            try
            {
                var named = job.IsArray
                    ? await NameFailedChildrenAsync(job, NamedFailures - known + (previous?.Named.Count ?? 0), cancellationToken).ConfigureAwait(false)
                    : [Describe(job.Tasks.Offset, detail)];
                _failures[job.JobId] = new KnownFailures(failed, named);
            }
            catch (AwsBatchException)
            {
                // The counts are right without names; the next poll tries again.
            }
        }
    }

    private async Task<IReadOnlyList<string>> NameFailedChildrenAsync(AwsBatchJob job, int count, CancellationToken cancellationToken)
    {
        var page = await client.ListJobsAsync(
            new ListJobsRequest { ArrayJobId = job.JobId, JobStatus = JobStatuses.Failed, MaxResults = Math.Clamp(count, 1, 100) }, cancellationToken).ConfigureAwait(false);
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
