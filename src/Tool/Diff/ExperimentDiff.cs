using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Tool.Diff;

/// <summary>What differs between two versions of one experiment's results file.</summary>
/// <param name="Experiment">The experiment's full name.</param>
/// <param name="From">How the old side is named (<c>HEAD</c>, a file, …).</param>
/// <param name="To">How the new side is named.</param>
/// <param name="Changes">Every point that differs, in the order of the new file (removed points in the old file's order, last).</param>
/// <param name="Summary">What changed where: each kind of change with its point count and the axis value most of them share.</param>
public sealed record ExperimentDiff(
    string Experiment,
    string File,
    string From,
    string To,
    IReadOnlyList<PointChange> Changes,
    IReadOnlyList<ChangeSummary> Summary)
{
    public bool HasChanges => Changes.Count > 0;
}

/// <summary>Whether a point is in the old file, the new file, or both.</summary>
public enum Presence
{
    Added,
    Removed,
    Both,
}

/// <summary>One point that differs.</summary>
/// <param name="Key">The point's key.</param>
/// <param name="Parameters">Its typed parameters (from whichever side has it).</param>
/// <param name="Presence">Added, removed, or in both files.</param>
/// <param name="Status">The status on each side (null on the side that lacks the point).</param>
/// <param name="Stale">Whether it is stale on each side.</param>
/// <param name="Fields">Result fields (<c>result.x</c>), <c>seed</c> and, between two failures, <c>error.kind</c> and
/// <c>error.message</c> that differ; empty when the status changed (the status says it) or the point is on one side only.</param>
/// <param name="Error">The new side's error, when the point failed there: what a reader wants to see next to "succeeded → failed".</param>
public sealed record PointChange(
    string Key,
    JsonElement Parameters,
    Presence Presence,
    (string? From, string? To) Status,
    (bool From, bool To) Stale,
    IReadOnlyList<FieldChange> Fields,
    ResultsFileError? Error)
{
    public bool StatusChanged => Presence == Presence.Both && Status.From != Status.To;

    public bool StaleChanged => Presence == Presence.Both && Stale.From != Stale.To;
}

/// <summary>A field whose value differs; null on a side where the field is absent.</summary>
public sealed record FieldChange(string Path, JsonElement? From, JsonElement? To);

/// <summary>One kind of change across the points, as the summary says it: "result.recovered changed on 312 points, 300 of them at delta=0.9".</summary>
/// <param name="What">What changed: a field path, <c>status succeeded → failed</c>, <c>added</c>, <c>removed</c>, <c>stale</c>, <c>back in the grid</c>.</param>
/// <param name="Points">How many points.</param>
/// <param name="Axis">The axis value most of those points share, when one stands out; null otherwise.</param>
/// <param name="AtValue">How many of the points have that value.</param>
public sealed record ChangeSummary(string What, int Points, string? Axis, string? Value, int AtValue);
