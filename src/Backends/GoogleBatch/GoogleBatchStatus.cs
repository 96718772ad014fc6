using System.Collections.Concurrent;
using System.Globalization;
using Experiments.Backends.GoogleBatch.Client;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Job reports from one jobs.get per job (run several at once), never a call per task: the job's
/// <c>status.taskGroups[group0].counts</c> counts its tasks by state. When tasks fail, a few are named with their exit
/// code and Batch's description (one tasks.list filtered <c>State=FAILED</c> for a job whose failed count grew while
/// fewer than <see cref="OrchestratedBackend.NamedFailures"/> are known). A job is finished when SUCCEEDED, FAILED or CANCELLED; a job
/// Batch no longer knows (deleted) counts its tasks as <see cref="TaskState.Unknown"/> and as finished: the store's
/// records tell what its points did.
/// </summary>
public sealed class GoogleBatchStatus(IGoogleBatchClient client)
{
    /// <summary>The most of Batch's description of a failure kept in the message.</summary>
    private const int MaxDescription = 200;

    /// <summary>jobs.get calls in flight at once.</summary>
    public const int Concurrency = 8;

    private readonly ConcurrentDictionary<string, KnownFailures> _failures = new(StringComparer.Ordinal);

    /// <summary>A report per job of <paramref name="submissions"/>, in order: one jobs.get per job, several at once.</summary>
    public async Task<IReadOnlyList<JobReport>> ReportAsync(IReadOnlyList<GoogleBatchSubmissionFacts> submissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var all = submissions.SelectMany(s => s.Jobs.Select(j => (Facts: s, Job: j))).ToArray();
        var answers = new JobAnswer[all.Length];
        using (var gate = new SemaphoreSlim(Concurrency))
        {
            await Task.WhenAll(all.Select(async (item, i) =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    answers[i] = await GetAsync(item.Facts, item.Job, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }
        for (var i = 0; i < all.Length; i++)
            await NameFailuresAsync(all[i].Facts, all[i].Job, answers[i], cancellationToken).ConfigureAwait(false);
        return all.Select((item, i) => Report(item.Job, answers[i], _failures.TryGetValue(item.Job.Id, out var known) ? known.Named : [])).ToArray();
    }

    /// <summary>Several jobs' status from their jobs.get answers (one per job, in order), as the core words it.</summary>
    public static SubmissionStatus Combine(IReadOnlyList<SubmittedJob> jobs, IReadOnlyList<JobAnswer> answers, IReadOnlyList<string> namedFailures) =>
        StatusText.Combine(GoogleBatchBackend.DisplayName, jobs, jobs.Select((j, i) => Report(j, answers[i], i == 0 ? namedFailures : [])).ToArray());

    /// <summary>One job's task counts from its jobs.get answer; <paramref name="namedFailures"/> describe failed tasks.</summary>
    public static JobReport Report(SubmittedJob job, JobAnswer answer, IReadOnlyList<string> namedFailures)
    {
        if (answer.Gone)
            return JobReport.Forgotten(job.Tasks.Count);
        if (answer.Job is not { } detail)
            return JobReport.All(TaskState.Unknown, job.Tasks.Count, final: false) with { Note = $"The Google Batch status query failed: {answer.Error ?? "no answer"}; asking again." };
        var counts = new Dictionary<TaskState, int>();
        void Add(TaskState state, long n)
        {
            if (n > 0)
                counts[state] = counts.GetValueOrDefault(state) + (int)n;
        }

        var state = detail.Status?.State;
        long counted = 0;
        foreach (var group in detail.Status?.TaskGroups?.Values ?? [])
        {
            foreach (var (taskState, text) in group.Counts ?? new Dictionary<string, string>())
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    continue;
                var k = Math.Min(n, job.Tasks.Count - counted);
                Add(ToTaskState(taskState, state), k);
                counted += k;
            }
        }
        // Tasks the counts do not hold yet (a job still QUEUED) take the job's state.
        Add(state switch
        {
            BatchStates.Succeeded => TaskState.Succeeded,
            BatchStates.Failed => TaskState.Failed,
            BatchStates.Cancelled => TaskState.Cancelled,
            _ => TaskState.Pending,
        }, job.Tasks.Count - counted);
        return new JobReport(counts, IsFinal(state), namedFailures);
    }

    public static bool IsFinal(string? jobState) => jobState is BatchStates.Succeeded or BatchStates.Failed or BatchStates.Cancelled;

    public static TaskState ToTaskState(string taskState, string? jobState) => taskState switch
    {
        BatchStates.Pending or BatchStates.Assigned => TaskState.Pending,
        BatchStates.Running => TaskState.Running,
        BatchStates.Succeeded => TaskState.Succeeded,
        // A task stopped by a cancelled or deleted job did not fail by itself.
        BatchStates.Failed => jobState is BatchStates.Cancelled or BatchStates.CancellationInProgress or BatchStates.DeletionInProgress ? TaskState.Cancelled : TaskState.Failed,
        BatchStates.Unexecuted => TaskState.Cancelled,
        _ => TaskState.Unknown,
    };

    private async Task<JobAnswer> GetAsync(GoogleBatchSubmissionFacts facts, SubmittedJob job, CancellationToken cancellationToken)
    {
        try
        {
            return new JobAnswer(await client.GetJobAsync(facts.Name(job), cancellationToken).ConfigureAwait(false), false, null);
        }
        catch (GoogleBatchException e) when (e.IsNotFound)
        {
            return new JobAnswer(null, true, null);
        }
        catch (GoogleBatchException e)
        {
            return new JobAnswer(null, false, e.Message);
        }
    }

    private async Task NameFailuresAsync(GoogleBatchSubmissionFacts facts, SubmittedJob job, JobAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Job?.Status?.TaskGroups is not { } groups)
            return;
        long failed = 0;
        foreach (var group in groups.Values)
        {
            if (group.Counts?.TryGetValue(BatchStates.Failed, out var text) == true && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                failed += n;
        }
        var known = _failures.Values.Sum(f => f.Named.Count);
        var previous = _failures.GetValueOrDefault(job.Id);
        if (failed == 0 || known >= OrchestratedBackend.NamedFailures || (previous is not null && previous.FailedCount >= failed))
            return;
        try
        {
            var want = OrchestratedBackend.NamedFailures - known + (previous?.Named.Count ?? 0);
            var page = await client.ListTasksAsync(facts.TaskGroup(job), "State=FAILED", Math.Clamp(want, 1, 100), null, cancellationToken).ConfigureAwait(false);
            var named = (page.Tasks ?? []).Take(want).Select(t => Describe(job, t)).ToList();
            _failures[job.Id] = new KnownFailures(failed, named);
        }
        catch (GoogleBatchException)
        {
            // The counts are right without names; the next poll tries again.
        }
    }

    private static string Describe(SubmittedJob job, BatchTask task)
    {
        var index = TaskIndex(task.Name);
        var last = task.Status?.StatusEvents?.LastOrDefault(e => e.TaskExecution?.ExitCode is not null) ?? task.Status?.StatusEvents?.LastOrDefault();
        var parts = new List<string>();
        if (last?.TaskExecution?.ExitCode is { } code)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"exit {code}"));
        if (!string.IsNullOrWhiteSpace(last?.Description))
            parts.Add(last.Description.Trim() is { Length: > MaxDescription } text ? text[..MaxDescription] + "…" : last.Description.Trim());
        var where = index is { } i ? string.Create(CultureInfo.InvariantCulture, $"task {job.Tasks.Offset + i} (job {job.Id}, index {i})") : $"a task of job {job.Id}";
        return parts.Count == 0 ? where : $"{where}: {string.Join(", ", parts)}";
    }

    /// <summary>The index at the end of <c>…/taskGroups/group0/tasks/{index}</c>.</summary>
    internal static int? TaskIndex(string? name)
    {
        var slash = name?.LastIndexOf('/') ?? -1;
        return slash >= 0 && int.TryParse(name.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private sealed record KnownFailures(long FailedCount, IReadOnlyList<string> Named);
}

/// <summary>One job's jobs.get answer: the job, or that it is gone (404), or why the call failed.</summary>
public sealed record JobAnswer(Job? Job, bool Gone, string? Error);
