using Experiments.Registry;

namespace Experiments.Backends;

/// <summary>
/// What one batch service (Slurm, AWS Batch, Azure Batch, Google Batch) must do for the orchestration core
/// (<see cref="OrchestratedBackend"/>), which owns everything the services share: uploading the plan once per run,
/// grouping tasks by experiment and chunking them to <see cref="MaxTasksPerJob"/>, taking back a partial submission,
/// bulk polling, the status text, cancelling and waiting for the cancel to settle, packing points into tasks, and a
/// poll that keeps failing. Each hook talks to the service once and says what it saw; none decides policy.
/// </summary>
public interface IBatchAdapter : IAsyncDisposable
{
    /// <summary>The name users pass to <c>--backend</c>.</summary>
    string Name { get; }

    /// <summary>The service's name in messages ("Slurm", "AWS Batch").</summary>
    string DisplayName { get; }

    /// <summary>The most tasks one job (array) may hold.</summary>
    int MaxTasksPerJob { get; }

    /// <summary>Whether a job is an array (one index per task) of one experiment; when not (Azure Batch adds each task on its
    /// own), a submission is one job of all its tasks, whatever their experiments.</summary>
    bool SupportsArrays => true;

    /// <summary>The most tasks one submission takes: the tool journals after each, so a killed tool loses track of few jobs.</summary>
    int MaxTasksPerSubmission => MaxTasksPerJob;

    /// <summary>The property of <see cref="Submission.Properties"/> that holds the jobs.</summary>
    string JobsProperty => "jobs";

    /// <summary>How points are packed into this service's tasks.</summary>
    PackingProfile Packing { get; }

    /// <summary>A cap of the adapter's own on points per task (a time limit); the shared packing's choice by default.</summary>
    int LimitPointsPerTask(ExperimentDescriptor experiment, int points) => points;

    /// <summary>Makes the built app runnable where the tasks run.</summary>
    Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken);

    /// <summary>Writes the plan where the workers read it (the core calls it once per run) and prepares the run's place.</summary>
    Task UploadPlanAsync(SubmitRequest request, CancellationToken cancellationToken);

    /// <summary>What every job of one submission shares: an id (null: made from the job ids), the store's display name, properties.</summary>
    SubmissionScope Begin(SubmitRequest request);

    /// <summary>Starts one job; throws when the service refuses it.</summary>
    Task<SubmittedJob> SubmitJobAsync(SubmissionScope scope, SubmitRequest request, PlannedJob job, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back jobs of a submission that failed before it was journaled: <paramref name="started"/>, and
    /// <paramref name="unsure"/>, the job whose start was cut short and may exist. Throws when it could not.
    /// </summary>
    Task WithdrawAsync(SubmissionScope scope, SubmitRequest request, IReadOnlyList<SubmittedJob> started, PlannedJob? unsure, CancellationToken cancellationToken);

    /// <summary>
    /// One bulk status query for every job of <paramref name="submissions"/>: one report per job, in order (the
    /// submissions' jobs one after another). Throws when the service could not be asked; the core retries.
    /// </summary>
    Task<IReadOnlyList<JobReport>> PollAsync(IReadOnlyList<SubmissionJobs> submissions, CancellationToken cancellationToken);

    /// <summary>
    /// What the service's answer leaves to do (a cloud ends the attempts its crashed tasks left open, see
    /// <c>CloudTaskEnds</c>); returns the statuses, extended when that could not be done. Nothing by default.
    /// </summary>
    Task<IReadOnlyList<SubmissionStatus>> AfterPollAsync(IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, CancellationToken cancellationToken) =>
        Task.FromResult(statuses);

    /// <summary>Stops a submission's jobs, trying every one; returns those it could not stop, each with why.</summary>
    Task<IReadOnlyList<RefusedJob>> CancelJobsAsync(SubmissionJobs submission, CancellationToken cancellationToken);

    /// <summary>How to stop jobs by hand when the tool could not (a command to copy).</summary>
    string StopByHand(IReadOnlyList<string> jobIds);

    /// <summary>The store the submission's workers write records to.</summary>
    IResultStore OpenStore(Submission submission);

    /// <summary>Where each task's output went, with its text when the service serves it.</summary>
    Task<IReadOnlyList<TaskLog>> FindLogsAsync(SubmissionJobs submission, IReadOnlyList<int> tasks, CancellationToken cancellationToken);

    /// <summary>Housekeeping of what the service keeps beside the journal (shared directories, buckets); none by default.</summary>
    IBackendCleaner? Cleaner => null;
}

/// <summary>A job the service would not stop, and its words why.</summary>
public sealed record RefusedJob(string JobId, string Why);

/// <summary>What every job of one submission shares.</summary>
/// <param name="Id">The submission's id (a job name prefix); null: <c>{backend}-{job ids joined by +}</c>.</param>
/// <param name="Store">Where the records are, for people and the journal.</param>
/// <param name="Properties">Facts to journal beside the jobs (region, queue, host).</param>
/// <param name="Token">What the adapter's jobs of this submission share and nobody else needs (a random part of their ids).</param>
public sealed record SubmissionScope(string? Id, string Store, IReadOnlyDictionary<string, string> Properties, string? Token = null);
