namespace Experiments.Tool.Journal;

/// <summary>
/// <c>.experiments/runs/{id}/run.json</c>: what a run is, how far it got and what it produced. Local to the machine
/// that ran the tool (the folder is not checked in), so it may hold the command line and the tool's process id.
/// </summary>
public sealed record RunInfo
{
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;

    public required string Id { get; init; }

    public required RunStatus Status { get; init; }

    public required string Backend { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? Message { get; init; }

    /// <summary>The build configuration the app was built in.</summary>
    public required string Configuration { get; init; }

    /// <summary>The experiments the plan covers, by name.</summary>
    public required IReadOnlyList<string> Experiments { get; init; }

    /// <summary>The run this one resumes, if any.</summary>
    public string? Resumes { get; init; }

    /// <summary>When <c>dotnet experiment cancel</c> stopped the run's tasks, if it did.</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>The run that resumed this one, if any.</summary>
    public string? ResumedBy { get; init; }

    public string? PackageId { get; init; }

    public string? GitCommit { get; init; }

    public bool? GitDirty { get; init; }

    public required string ToolVersion { get; init; }

    /// <summary>The tool process running the run, so <c>runs</c> and <c>resume</c> can tell a live run from a killed one.</summary>
    public int? ToolProcessId { get; init; }

    public string? MachineName { get; init; }

    public required RunCounts Counts { get; init; }
}

/// <summary>Points planned and, once collected, how they ended.</summary>
/// <param name="Planned">Points in the plan.</param>
/// <param name="Succeeded">Points whose last attempt succeeded.</param>
/// <param name="Failed">Points whose last attempt failed (after every retry).</param>
public sealed record RunCounts(long Planned, long Succeeded, long Failed)
{
    /// <summary>Points with no outcome (not run, cancelled, or lost with a killed worker).</summary>
    public long Missing => Math.Max(0, Planned - Succeeded - Failed);
}
