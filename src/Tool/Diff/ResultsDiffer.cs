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
        var changes = new List<(long Order, PointChange Change)>();

        // Both sides are walked together and a point waits only until its key turns up on the other side. Two versions
        // of a file list their points in the same (grid) order, so few wait and a file of any size is compared in
        // little memory; sides in different orders still compare correctly, holding more.
        var waitingOld = new Dictionary<string, (long Position, ResultsFilePoint Point)>(StringComparer.Ordinal);
        var waitingNew = new Dictionary<string, (long Position, ResultsFilePoint Point)>(StringComparer.Ordinal);
        using var olds = from.Points.GetEnumerator();
        using var news = to.Points.GetEnumerator();
        long oldPosition = 0, newPosition = 0;
        bool moreOld = true, moreNew = true;
        while (moreOld || moreNew)
        {
            if (moreOld && (moreOld = olds.MoveNext()))
            {
                var before = olds.Current;
                if (waitingNew.Remove(before.Key, out var after))
                    Add(after.Position, before, after.Point);
                else
                    waitingOld.TryAdd(before.Key, (oldPosition, before));
                oldPosition++;
            }
            if (moreNew && (moreNew = news.MoveNext()))
            {
                var after = news.Current;
                if (waitingOld.Remove(after.Key, out var before))
                    Add(newPosition, before.Point, after);
                else
                    waitingNew.TryAdd(after.Key, (newPosition, after));
                newPosition++;
            }
        }

        if (!from.Partial)
        {
            foreach (var (position, point) in waitingNew.Values)
                changes.Add((position, new PointChange(point.Key, point.Parameters, Presence.Added, (null, point.Status), (false, point.Stale), [], point.Error)));
        }
        if (!to.Partial)
        {
            // Removed points go last, in the old file's order.
            foreach (var (position, point) in waitingOld.Values)
                changes.Add((long.MaxValue / 2 + position, new PointChange(point.Key, point.Parameters, Presence.Removed, (point.Status, null), (point.Stale, false), [], null)));
        }
        var ordered = changes.OrderBy(c => c.Order).Select(c => c.Change).ToArray();
        return new ExperimentDiff(experiment, file, from.Label, to.Label, ordered, ChangeSummaries.Summarise(ordered, to.Axes ?? from.Axes ?? []));

        void Add(long position, ResultsFilePoint before, ResultsFilePoint after)
        {
            var change = Compare(before, compareStale ? after : after with { Stale = before.Stale }, tolerance);
            if (change is not null)
                changes.Add((position, change));
        }
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
