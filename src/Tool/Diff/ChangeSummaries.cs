using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// Says where the changes are: for each kind of change (a field, a status transition, added, removed, stale), how many
/// points, and the axis value most of them share when it stands out — "result.recovered changed on 312 points, 300 of
/// them at delta=0.9" tells a reviewer which part of the grid moved without reading 312 lines.
/// </summary>
public static class ChangeSummaries
{
    public static IReadOnlyList<ChangeSummary> Summarise(IReadOnlyList<PointChange> changes, IReadOnlyList<ManifestAxis> axes)
    {
        var groups = new Dictionary<string, List<PointChange>>(StringComparer.Ordinal);
        var order = new List<string>();
        void Add(string what, PointChange change)
        {
            if (!groups.TryGetValue(what, out var list))
            {
                groups[what] = list = [];
                order.Add(what);
            }
            list.Add(change);
        }

        foreach (var change in changes)
        {
            switch (change.Presence)
            {
                case Presence.Added:
                    Add("added", change);
                    continue;
                case Presence.Removed:
                    Add("removed", change);
                    continue;
            }
            if (change.StaleChanged)
                Add(change.Stale.To ? "gone stale" : "back in the grid", change);
            if (change.StatusChanged)
                Add($"status {change.Status.From} → {change.Status.To}", change);
            foreach (var field in change.Fields)
                Add(field.Path, change);
        }

        return order.Select(what => Summarise(what, groups[what], axes)).ToArray();
    }

    private static ChangeSummary Summarise(string what, List<PointChange> points, IReadOnlyList<ManifestAxis> axes)
    {
        (string Axis, string Value, int Count)? best = null;
        foreach (var axis in axes.Where(a => a.Values.Count > 1))
        {
            var top = points
                .Select(p => ValueOf(p.Parameters, axis.Name))
                .Where(v => v is not null)
                .GroupBy(v => v!, StringComparer.Ordinal)
                .Select(g => (Value: g.Key, Count: g.Count()))
                .OrderByDescending(g => g.Count)
                .FirstOrDefault();
            if (top.Value is not null && (best is null || top.Count > best.Value.Count))
                best = (axis.Name, top.Value, top.Count);
        }
        // An axis value stands out when it holds more than half of the points (of two or more) that changed.
        return best is { } b && points.Count >= 2 && b.Count * 2 > points.Count
            ? new ChangeSummary(what, points.Count, b.Axis, b.Value, b.Count)
            : new ChangeSummary(what, points.Count, null, null, 0);
    }

    private static string? ValueOf(JsonElement parameters, string axis) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(axis, out var value) ? FlatFields.Text(value) : null;

    /// <summary>The summary as a sentence: "result.recovered changed on 312 points, 300 of them at delta=0.9".</summary>
    public static string Sentence(ChangeSummary summary)
    {
        var points = $"{summary.Points} point{(summary.Points == 1 ? "" : "s")}";
        var text = summary.What switch
        {
            "added" or "removed" or "gone stale" or "back in the grid" => $"{points} {summary.What}",
            _ when summary.What.StartsWith("status ", StringComparison.Ordinal) => $"{summary.What} on {points}",
            _ => $"{summary.What} changed on {points}",
        };
        if (summary.Axis is null)
            return text;
        var where = $"{summary.Axis}={summary.Value}";
        return summary.AtValue == summary.Points ? $"{text}, all at {where}" : $"{text}, {summary.AtValue} of them at {where}";
    }
}
