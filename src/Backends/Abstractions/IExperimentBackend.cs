using Experiments.Registry;

namespace Experiments.Backends;

/// <summary>
/// Where points run: this machine, a Slurm cluster, a cloud batch service. The tool drives every backend the same way:
/// <see cref="PrepareAsync"/> the built app, <see cref="SubmitAsync"/> a plan's tasks, <see cref="PollAsync"/> until
/// finished while reading records from <see cref="OpenStore"/>, and <see cref="CancelAsync"/> on Ctrl+C.
/// </summary>
public interface IExperimentBackend : IAsyncDisposable
{
    /// <summary>The name users pass to <c>--backend</c>: <c>local</c>, <c>slurm</c>, …</summary>
    string Name { get; }

    /// <summary>
    /// Whether tasks run on when the tool stops (a cluster's, a cloud's: yes; local workers end with the tool): whether
    /// <c>cancel</c> and <c>resume</c> must ask the backend about tasks of a run no tool follows.
    /// </summary>
    bool TasksOutliveTool => true;

    /// <summary>How many points run at once when the tool decides it (the local backend); null when a scheduler does.</summary>
    int? Concurrency => null;

    /// <summary>Housekeeping of what the backend keeps beside the journal, for <c>clean</c>; null when it keeps nothing.</summary>
    IBackendCleaner? Cleaner => null;

    /// <summary>How big one submission may be; the tool splits plans to fit (see <see cref="ArrayChunker"/>).</summary>
    BackendLimits Limits { get; }

    /// <summary>
    /// How many points to pack into one task: enough to amortise a task's start-up on this backend, few enough to
    /// spread the work. <paramref name="typicalPointDuration"/> comes from earlier runs' records when there are any.
    /// </summary>
    int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration);

    /// <summary>Makes the built app runnable where the tasks run; its id is a content hash of the app's files and manifest.</summary>
    Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken);

    /// <summary>Starts the plan's tasks and returns at once; the <see cref="Submission"/> is what the journal keeps.</summary>
    Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken);

    /// <summary>One bulk status query for all of a submission's tasks.</summary>
    Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>
    /// The status of several submissions (a run's), in their order. A backend whose scheduler answers for many jobs in
    /// one call (Slurm's squeue) overrides this, so that a poll costs one call however many submissions a run has.
    /// </summary>
    async Task<IReadOnlyList<SubmissionStatus>> PollAllAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        var statuses = new List<SubmissionStatus>(submissions.Count);
        foreach (var submission in submissions)
            statuses.Add(await PollAsync(submission, cancellationToken).ConfigureAwait(false));
        return statuses;
    }

    /// <summary>
    /// Completes when the submission has ended, for a backend that learns it at once (local workers exiting), so the
    /// tool reads the last records then instead of after its next poll interval. The default never completes: a
    /// scheduler's backend is polled.
    /// </summary>
    Task EndedAsync(Submission submission, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>Stops a submission's tasks; points already recorded stay recorded, and a resumed run skips them.</summary>
    Task CancelAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>The store the submission's workers write records to.</summary>
    IResultStore OpenStore(Submission submission);

    /// <summary>
    /// Where the output (stdout and stderr) of <paramref name="tasks"/> went, with the text when the backend can fetch it;
    /// tasks not yet started may be absent. One entry per task and stream (or one for both when they are kept together).
    /// </summary>
    Task<IReadOnlyList<TaskLog>> FindLogsAsync(Submission submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaskLog>>([]);
}
