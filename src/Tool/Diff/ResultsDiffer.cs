using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// Compares two versions of a results file point by point, by key: added, removed, gone stale or back, status changes,
/// and field-by-field changes of results (numbers within the tolerance count as the same). Seeds are compared too (a
/// different seed for the same key means the seed derivation changed). Attempts and timings are not outcomes and are not compared.
/// </summary>
public static class ResultsDiffer
{
    public static ExperimentDiff Compare(string experiment, string file, DiffSide from, DiffSide to, NumberTolerance tolerance)
    {
        // Staleness says where a point stands in the grid a file was written against; a run's records do not say it.
        var compareStale = !from.Partial && !to.Partial;
        var old = new Dictionary<string, ResultsFilePoint>(StringComparer.Ordinal);
        var oldOrder = new List<string>();
        foreach (var point in from.Points)
        {
            if (old.TryAdd(point.Key, point))
                oldOrder.Add(point.Key);
        }

        var changes = new List<PointChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in to.Points)
        {
            seen.Add(point.Key);
            if (!old.TryGetValue(point.Key, out var before))
            {
                if (from.Partial)
                    continue;
                changes.Add(new PointChange(point.Key, point.Parameters, Presence.Added, (null, point.Status), (false, point.Stale), [], point.Error));
                continue;
            }
            var change = Compare(before, compareStale ? point : point with { Stale = before.Stale }, tolerance);
            if (change is not null)
                changes.Add(change);
        }
        foreach (var key in oldOrder)
        {
            if (!seen.Contains(key) && !to.Partial)
            {
                var gone = old[key];
                changes.Add(new PointChange(key, gone.Parameters, Presence.Removed, (gone.Status, null), (gone.Stale, false), [], null));
            }
        }
        return new ExperimentDiff(experiment, file, from.Label, to.Label, changes, ChangeSummaries.Summarise(changes, to.Axes ?? from.Axes ?? []));
    }

    private static PointChange? Compare(ResultsFilePoint before, ResultsFilePoint after, NumberTolerance tolerance)
    {
        var fields = before.Status == after.Status ? FieldChanges(before, after, tolerance) : [];
        var change = new PointChange(
            after.Key, after.Parameters, Presence.Both, (before.Status, after.Status), (before.Stale, after.Stale), fields,
            after.IsSucceeded ? null : after.Error);
        return change.StatusChanged || change.StaleChanged || fields.Count > 0 ? change : null;
    }

    private static IReadOnlyList<FieldChange> FieldChanges(ResultsFilePoint before, ResultsFilePoint after, NumberTolerance tolerance)
    {
        var old = Fields(before);
        var now = Fields(after);
        var changes = new List<FieldChange>();
        foreach (var (path, value) in now)
        {
            if (!old.TryGetValue(path, out var was))
                changes.Add(new FieldChange(path, null, value));
            else if (!tolerance.Same(was, value))
                changes.Add(new FieldChange(path, was, value));
        }
        foreach (var (path, was) in old)
        {
            if (!now.ContainsKey(path))
                changes.Add(new FieldChange(path, was, null));
        }
        return changes;
    }

    /// <summary>The point's outcome as flat fields: result fields, the seed, and a failure's kind and message.</summary>
    public static Dictionary<string, JsonElement> Fields(ResultsFilePoint point)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (path, value) in FlatFields.Flatten(point.Result))
            fields[path] = value;
        fields["seed"] = JsonSerializer.SerializeToElement(point.Seed);
        if (point.Error is { } error)
        {
            fields["error.kind"] = JsonSerializer.SerializeToElement(error.Kind);
            fields["error.message"] = JsonSerializer.SerializeToElement(error.Message);
        }
        return fields;
    }
}
