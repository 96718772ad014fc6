using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// One line of a result store: what happened to one attempt of one point. A worker appends a <see cref="PointStatus.Started"/>
/// record before it calls the experiment and a final record (succeeded or failed) after, so a started record with no
/// final record after it is the trace of a process that died inside the point.
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Key">The point's canonical key: its identity across grid edits.</param>
/// <param name="Index">The point's index in the grid the run was planned from (keys, not indexes, identify points).</param>
/// <param name="Task">The plan's task that ran the point.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, …</param>
/// <param name="Status">Started, succeeded or failed.</param>
/// <param name="Seed">The derived seed the point ran with.</param>
/// <param name="StartedAt">When the attempt started (UTC).</param>
/// <param name="Duration">Seconds the attempt took; null on a started record.</param>
/// <param name="Result">The experiment's return value as JSON; null on failure or for a method that returns nothing.</param>
/// <param name="Error">Why the attempt failed; null unless <paramref name="Status"/> is failed.</param>
public sealed record PointRecord(
    string Experiment,
    string Key,
    long Index,
    int Task,
    int Attempt,
    PointStatus Status,
    int Seed,
    DateTimeOffset StartedAt,
    double? Duration,
    JsonElement? Result,
    PointError? Error)
{
    /// <summary>Whether this record ends an attempt (succeeded or failed).</summary>
    public bool IsFinal => Status != PointStatus.Started;

    /// <summary>
    /// Whether this record uses up one of the point's <c>Retries + 1</c> attempts: every failure except a cancellation,
    /// which says the run was stopped, not that the point is bad.
    /// </summary>
    public bool CountsAsFailedAttempt => Status == PointStatus.Failed && Error?.Kind != ErrorKind.Cancelled;
}

/// <summary>The <c>status</c> of a <see cref="PointRecord"/>.</summary>
public enum PointStatus
{
    Started,
    Succeeded,
    Failed,
}

/// <summary>Why an attempt failed.</summary>
/// <param name="Kind">Exception, timeout, crash or cancelled.</param>
/// <param name="Type">The exception's full type name (for <see cref="ErrorKind.Exception"/>); null otherwise.</param>
/// <param name="Message">What went wrong, for people.</param>
/// <param name="Detail">The stack trace for an exception; the tail of the worker's stderr for a crash.</param>
/// <param name="ExitCode">The worker process's exit code for a crash, when known.</param>
public sealed record PointError(
    ErrorKind Kind,
    string? Type,
    string Message,
    string? Detail = null,
    int? ExitCode = null);

/// <summary>The <c>error.kind</c> of a failed <see cref="PointRecord"/>.</summary>
public enum ErrorKind
{
    /// <summary>The experiment threw.</summary>
    Exception,

    /// <summary>The point ran past its <c>Timeout</c>.</summary>
    Timeout,

    /// <summary>The worker process died inside the point (FailFast, stack overflow, Environment.Exit, a kill).</summary>
    Crash,

    /// <summary>The run was stopped while the point ran; does not count as an attempt.</summary>
    Cancelled,
}
