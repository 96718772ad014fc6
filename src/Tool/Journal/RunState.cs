using System.Globalization;

namespace Experiments.Tool.Journal;

/// <summary>Where a run stands, in the words <c>runs</c>, <c>status</c> and <c>resume</c> all use.</summary>
public enum RunPhase
{
    /// <summary>Planned; nothing submitted, and the tool that planned it is gone.</summary>
    Planned,

    /// <summary>Its tool is following it, or its tasks are still queued or running on the backend.</summary>
    Running,

    /// <summary>Stopped (Ctrl+C, a killed tool) before every point ended; what finished is kept.</summary>
    Interrupted,

    /// <summary>Stopped with <c>dotnet experiment cancel</c>; what finished is kept.</summary>
    Cancelled,

    /// <summary>Every task ended and the results were recorded, but some points failed or did not run.</summary>
    FinishedWithFailures,

    /// <summary>Every planned point succeeded and is recorded.</summary>
    Recorded,

    /// <summary>A later run took over its remaining points.</summary>
    Resumed,
}

/// <summary>A run's phase, the phrase that says it, and the one next step that fits it (none when nothing is left to do).</summary>
public sealed record RunState(RunPhase Phase, string Text, string? Next)
{
    /// <summary>The state in a few words, for a table (<c>runs</c>): the phase, and whether its results are collected.</summary>
    public string Label => Text.Split([':', '('], 2)[0].TrimEnd();

    /// <summary>
    /// The state of <paramref name="run"/>. The journal's status says how far the tool got; the rest says what happened
    /// after it: whether the tool still follows the run, whether tasks outlived it, and what its store holds.
    /// </summary>
    /// <param name="toolAlive">Whether the tool that started the run is still following it.</param>
    /// <param name="activeTasks">Tasks the backend still has queued or running; null when it was not asked.</param>
    /// <param name="points">What the run's store says of its points; null when it was not read.</param>
    /// <param name="anySubmitted">Whether the journal holds a submission: a tool killed right after submitting had no time
    /// to mark the run submitted.</param>
    public static RunState Of(RunInfo run, bool toolAlive, int? activeTasks = null, RunPoints? points = null, bool anySubmitted = false)
    {
        var resume = $"dotnet experiment resume {run.Id}";
        switch (run.Status)
        {
            case RunStatus.Resumed:
                return new(RunPhase.Resumed, $"resumed by {run.ResumedBy}", $"dotnet experiment status {run.ResumedBy}");
            case RunStatus.Recorded:
                return run.Counts.Failed + run.Counts.Missing == 0
                    ? new(RunPhase.Recorded, "recorded", null)
                    : new(RunPhase.FinishedWithFailures, $"finished with failures: {Counted(run.Counts)}", $"{resume} (runs the {Points(run.Counts.Failed + run.Counts.Missing)} that did not succeed)");
            case RunStatus.Interrupted:
                return new(StoppedPhase(run), $"{StoppedWord(run)}: {Counted(run.Counts)} (recorded)",
                    run.Counts.Failed + run.Counts.Missing == 0 ? null : $"{resume} (runs the {Points(run.Counts.Failed + run.Counts.Missing)} that did not succeed)");
        }
        // Planned or submitted: the tool never got to record it, or is still at it.
        if (toolAlive)
            return new(RunPhase.Running, "running", $"dotnet experiment cancel {run.Id} (to stop it; what finished is kept)");
        if (activeTasks is > 0)
        {
            return new(RunPhase.Running,
                $"running on the {run.Backend} backend ({Plural(activeTasks.Value, "task")} queued or running; the tool that started it has ended)",
                $"{resume} (once they end: records what they finished and runs the rest)");
        }
        if (run.Status == RunStatus.Planned && !anySubmitted && run.CancelledAt is null)
            return new(RunPhase.Planned, "planned, never submitted", $"{resume} (submits the plan)");
        var finished = points is null ? "" : $": {points.Succeeded} succeeded, {points.Failed} failed, {points.NotEnded} not finished";
        var next = points is { Failed: 0, NotEnded: 0 }
            ? $"{resume} (records its points: every one succeeded)"
            : $"{resume} (records what finished and runs the rest)";
        return new(StoppedPhase(run), $"{StoppedWord(run)}, not collected{finished}", next);
    }

    private static RunPhase StoppedPhase(RunInfo run) => run.CancelledAt is null ? RunPhase.Interrupted : RunPhase.Cancelled;

    private static string StoppedWord(RunInfo run) => run.CancelledAt is null ? "interrupted" : "cancelled";

    private static string Counted(RunCounts counts) =>
        string.Create(CultureInfo.InvariantCulture, $"{counts.Succeeded} succeeded, {counts.Failed} failed, {counts.Missing} not run, of {counts.Planned}");

    private static string Points(long count) => Plural(count, "point");

    private static string Plural(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}

/// <summary>What a run's store says of its points.</summary>
public sealed record RunPoints(long Succeeded, long Failed, long NotEnded);
