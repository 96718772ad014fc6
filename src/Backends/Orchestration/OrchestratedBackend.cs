using System.Globalization;
using Experiments.Registry;

namespace Experiments.Backends;

/// <summary>
/// The one orchestration core under every remote backend: it drives an <see cref="IBatchAdapter"/> through a run with
/// the same policy whatever the service. Submitting uploads the plan once per run, groups the tasks by experiment into
/// jobs no bigger than the service allows, starts them in order and, when one is refused or the user cancels, takes back
/// the ones already started (they would run outside the journal, beyond cancel and resume). Polling asks once for every
/// job of every submission. Cancelling tries every job, then waits a while for the cancelled tasks to settle (their
/// workers record the running points as cancelled). A poll that fails is retried; one that keeps failing for
/// <see cref="PollGiveUp"/> ends the run with one message, resumable.
/// </summary>
public class OrchestratedBackend(IBatchAdapter adapter) : IExperimentBackend
{
    /// <summary>How long taking back a failed submission's jobs may take.</summary>
    public static readonly TimeSpan WithdrawTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>How many failed tasks a status message names; the rest are counted.</summary>
    public const int NamedFailures = 5;

    private readonly HashSet<string> _plansUploaded = new(StringComparer.Ordinal);
    private DateTimeOffset? _failingSince;

    public IBatchAdapter Adapter => adapter;

    public string Name => adapter.Name;

    /// <summary>Tasks on a cluster or in the cloud run on when the tool stops.</summary>
    public bool TasksOutliveTool => true;

    /// <summary>How long a cancel waits for cancelled tasks to end.</summary>
    public TimeSpan CancelSettle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long polls may keep failing before the run stops (resumable) instead of asking again.</summary>
    public TimeSpan PollGiveUp { get; init; } = TimeSpan.FromMinutes(10);

    public BackendLimits Limits => new(adapter.SupportsArrays, adapter.MaxTasksPerJob, adapter.MaxTasksPerSubmission);

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) =>
        Math.Max(1, adapter.LimitPointsPerTask(experiment, TaskPacking.PointsPerTask(experiment, typicalPointDuration, adapter.Packing)));

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) =>
        adapter.PrepareAsync(request, cancellationToken);

    public async Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runId = request.Plan.RunId;
        if (!_plansUploaded.Contains(runId))
        {
            try
            {
                await adapter.UploadPlanAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (BackendUserException or OperationCanceledException))
            {
                throw new BackendUserException($"The plan could not be written where the {adapter.DisplayName} tasks read it: {e.Message}", null, e);
            }
            _plansUploaded.Add(runId);
        }
        var planned = adapter.SupportsArrays
            ? BatchJobs.Plan(request.Plan, request.TaskNumbers, adapter.MaxTasksPerJob)
            : BatchJobs.One(request.Plan, request.TaskNumbers);
        var scope = adapter.Begin(request);
        var started = new List<SubmittedJob>(planned.Count);
        try
        {
            foreach (var job in planned)
                started.Add(await adapter.SubmitJobAsync(scope, request, job, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            await WithdrawAsync(scope, request, started, started.Count < planned.Count ? planned[started.Count] : null, e).ConfigureAwait(false);
            throw;
        }
        var properties = new Dictionary<string, string>(scope.Properties, StringComparer.Ordinal) { [adapter.JobsProperty] = BatchJobs.Format(started) };
        var ids = started.Select(j => j.Id).ToArray();
        return new Submission(adapter.Name, scope.Id ?? $"{adapter.Name}-{string.Join('+', ids)}", runId, request.Package.Id, scope.Store,
            ids, request.TaskNumbers, DateTimeOffset.UtcNow, properties);
    }

    /// <summary>Takes back what a failed submission started (also when the user cancelled, hence no caller's token; bounded).</summary>
    private async Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, Exception cause)
    {
        if (started.Count == 0 && unsure is null)
            return;
        using var limit = new CancellationTokenSource(WithdrawTimeLimit);
        try
        {
            await adapter.WithdrawAsync(scope, request, started, unsure, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var ids = started.Select(j => j.Id).ToArray();
            throw new BackendUserException(
                $"Submitting to {adapter.DisplayName} failed ({cause.Message.TrimEnd('.')}), and taking back what it started failed too: {e.Message}",
                ids.Length == 0 ? [] : [$"Stop these jobs by hand: {adapter.StopByHand(ids)}"], cause);
        }
    }

    public async Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) =>
        (await PollAllAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One bulk query for every job of every submission; a failed query is Unknown, never "ended".</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        if (submissions.Count == 0)
            return [];
        var decoded = submissions.Select(Decode).ToArray();
        IReadOnlyList<JobReport> reports;
        try
        {
            reports = await adapter.PollAsync(decoded, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            _failingSince ??= now;
            if (now - _failingSince >= PollGiveUp)
                throw new BackendUserException(
                    $"{adapter.DisplayName} has not answered how the tasks are doing for {(int)PollGiveUp.TotalMinutes} minutes; the last error: {e.Message}",
                    ["What finished is recorded; the tasks may still be running. Check with: dotnet experiment status, then resume."], e);
            var message = $"Could not ask {adapter.DisplayName} how the tasks are doing: {e.Message.TrimEnd()} Asking again.";
            return decoded.Select(s => new SubmissionStatus(
                new Dictionary<TaskState, int> { [TaskState.Unknown] = s.Jobs.Sum(j => j.Tasks.Count) }, Finished: false, message)).ToArray();
        }
        _failingSince = null;
        if (reports.Count != decoded.Sum(s => s.Jobs.Count))
            throw new InvalidOperationException($"The {adapter.Name} adapter answered for {reports.Count} jobs, not {decoded.Sum(s => s.Jobs.Count)}.");
        var statuses = new List<SubmissionStatus>(decoded.Length);
        var next = 0;
        foreach (var submission in decoded)
        {
            statuses.Add(StatusText.Combine(adapter.DisplayName, submission.Jobs, reports.Skip(next).Take(submission.Jobs.Count).ToArray()));
            next += submission.Jobs.Count;
        }
        return await adapter.AfterPollAsync(submissions, statuses, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every job, then waits up to <see cref="CancelSettle"/> for the tasks to end; names any it could not stop.</summary>
    public async Task CancelAsync(Submission submission, CancellationToken cancellationToken)
    {
        var decoded = Decode(submission);
        var refused = await adapter.CancelJobsAsync(decoded, cancellationToken).ConfigureAwait(false);
        if (refused.Count > 0)
            throw new BackendUserException(
                $"{adapter.DisplayName} did not stop {refused.Count} of {decoded.Jobs.Count} job(s) of {submission.Id}: {string.Join("; ", refused.Select(r => $"{r.JobId} ({r.Why.TrimEnd('.')})"))}.",
                [$"Cancel again, or stop them by hand: {adapter.StopByHand(refused.Select(r => r.JobId).ToArray())}"]);
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(CancelSettle);
        try
        {
            while (true)
            {
                var reports = await adapter.PollAsync([decoded], settle.Token).ConfigureAwait(false);
                if (reports.All(r => r.Final && r.Tasks.GetValueOrDefault(TaskState.Pending) + r.Tasks.GetValueOrDefault(TaskState.Running) + r.Tasks.GetValueOrDefault(TaskState.Held) == 0))
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(300), settle.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // The cancel was accepted; tasks still stopping (or a status query that failed meanwhile) end on their own.
        }
    }

    public IResultStore OpenStore(Submission submission) => adapter.OpenStore(submission);

    public Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        adapter.FindLogsAsync(Decode(submission), tasks, cancellationToken);

    public IBackendCleaner? Cleaner => adapter.Cleaner;

    public ValueTask DisposeAsync() => adapter.DisposeAsync();

    private SubmissionJobs Decode(Submission submission) => new(submission, BatchJobs.Parse(submission, adapter.JobsProperty));
}

/// <summary>The status text, the same on every service: failed tasks named (a few) and counted, jobs the service forgot, notes.</summary>
public static class StatusText
{
    public static SubmissionStatus Combine(string service, IReadOnlyList<SubmittedJob> jobs, IReadOnlyList<JobReport> reports)
    {
        var counts = new Dictionary<TaskState, int>();
        foreach (var report in reports)
            foreach (var (state, n) in report.Tasks)
                if (n > 0)
                    counts[state] = counts.GetValueOrDefault(state) + n;
        var messages = new List<string>();
        var failed = counts.GetValueOrDefault(TaskState.Failed);
        if (failed > 0)
        {
            var named = reports.SelectMany(r => r.Failures ?? []).Take(OrchestratedBackend.NamedFailures).ToList();
            var text = string.Create(CultureInfo.InvariantCulture, $"{failed} {service} task(s) failed");
            if (named.Count > 0)
                text += ": " + string.Join("; ", named) + (failed > named.Count ? string.Create(CultureInfo.InvariantCulture, $"; and {failed - named.Count} more") : "");
            messages.Add(text + ".");
        }
        var lost = jobs.Where((_, i) => reports[i].Lost).Select(j => j.Id).ToList();
        if (lost.Count > 0)
            messages.Add($"{service} no longer knows job(s) {string.Join(", ", lost.Take(5))}{(lost.Count > 5 ? ", …" : "")}; their tasks are Unknown (the store's records tell what they did).");
        messages.AddRange(reports.Select(r => r.Note).OfType<string>().Distinct(StringComparer.Ordinal));
        return new SubmissionStatus(counts, reports.All(r => r.Final), messages.Count == 0 ? null : string.Join(" ", messages));
    }
}
