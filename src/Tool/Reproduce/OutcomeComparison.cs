using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Reading;
using Experiments.Tool.Running;

namespace Experiments.Tool.Reproduce;

/// <summary>
/// Compares a point's recorded outcome with what re-running it produced: the status, the seed, and then — for a
/// success — every result field (numbers bit for bit unless a tolerance is given), or — for a failure — the error's
/// kind and exception type (messages may carry timings or paths, so they are not compared).
/// </summary>
public static class OutcomeComparison
{
    public static IReadOnlyList<Mismatch> Compare(ResultsFilePoint recorded, PointOutcome? reproduced, NumberTolerance tolerance)
    {
        var key = recorded.Key;
        if (reproduced is null)
            return [new Mismatch(key, "status", recorded.Status, "no outcome (the point did not finish)")];
        var record = reproduced.Record;
        var status = record.Status == PointStatus.Succeeded ? ResultsFilePoint.Succeeded : ResultsFilePoint.Failed;
        var mismatches = new List<Mismatch>();
        if (status != recorded.Status)
        {
            var why = record.Error is { } e ? $" ({PointRecordJson.KindText(e.Kind)}: {e.Message})" : "";
            mismatches.Add(new Mismatch(key, "status", recorded.Status, status + why));
            return mismatches;
        }
        if (record.Seed != recorded.Seed)
            mismatches.Add(new Mismatch(key, "seed", Text(recorded.Seed), Text(record.Seed)));
        if (recorded.IsSucceeded)
            mismatches.AddRange(ResultMismatches(key, recorded.Result, record.Result, tolerance));
        else
        {
            var kind = record.Error is { } error ? PointRecordJson.KindText(error.Kind) : "";
            if (kind != recorded.Error?.Kind)
                mismatches.Add(new Mismatch(key, "error.kind", recorded.Error?.Kind ?? "", kind));
            if (record.Error?.Type != recorded.Error?.Type)
                mismatches.Add(new Mismatch(key, "error.type", recorded.Error?.Type ?? "", record.Error?.Type ?? ""));
        }
        return mismatches;
    }

    private static IEnumerable<Mismatch> ResultMismatches(string key, JsonElement? recorded, JsonElement? reproduced, NumberTolerance tolerance)
    {
        var old = FlatFields.Flatten(recorded).ToDictionary(f => f.Path, f => f.Value, StringComparer.Ordinal);
        var now = FlatFields.Flatten(reproduced).ToDictionary(f => f.Path, f => f.Value, StringComparer.Ordinal);
        foreach (var (path, value) in old)
        {
            if (!now.TryGetValue(path, out var again))
                yield return new Mismatch(key, path, FlatFields.Text(value), "(absent)");
            else if (!tolerance.Same(value, again))
                yield return new Mismatch(key, path, FlatFields.Text(value), FlatFields.Text(again));
        }
        foreach (var (path, value) in now)
        {
            if (!old.ContainsKey(path))
                yield return new Mismatch(key, path, "(absent)", FlatFields.Text(value));
        }
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
