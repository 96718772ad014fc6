using Experiments.Points;
using Experiments.Registry;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Selection;

/// <summary>
/// Resolves <c>--point KEY</c> to a point of one experiment. The key names every axis (<c>delta=0.5;rho=0.02</c>), in
/// any order; values match as in <c>--where</c> (<c>0.50</c> finds <c>0.5</c>). The experiment is the one whose axes the
/// key names, among those selected.
/// </summary>
public static class PointKeyResolver
{
    /// <summary>How to write a key, with the first point of an experiment being selected as the example when there is one.</summary>
    public static string Syntax(IReadOnlyList<ExperimentDescriptor> candidates) =>
        candidates.FirstOrDefault(e => e.PointCount > 0) is { } example
            ? $"AXIS=VALUE;AXIS=VALUE… naming every axis, e.g. --point \"{example.KeyOf(0)}\""
            : "AXIS=VALUE;AXIS=VALUE… naming every axis";

    public static Dictionary<ExperimentDescriptor, List<long>> Resolve(IReadOnlyList<ExperimentDescriptor> candidates, IReadOnlyList<string> keys)
    {
        var result = new Dictionary<ExperimentDescriptor, List<long>>();
        foreach (var key in keys)
        {
            var pairs = ParseKey(candidates, key);
            var experiment = ExperimentOf(candidates, key, pairs);
            var index = IndexOf(experiment, key, pairs);
            if (!result.TryGetValue(experiment, out var points))
                result[experiment] = points = [];
            if (!points.Contains(index))
                points.Add(index);
        }
        return result;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ParseKey(IReadOnlyList<ExperimentDescriptor> candidates, string key)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs;
        try
        {
            pairs = PointKey.Parse(key.Trim());
        }
        catch (FormatException e)
        {
            throw new UserException($"--point '{key}' is not a point key: {e.Message} Write {Syntax(candidates)}.");
        }
        var repeated = pairs.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new UserException($"--point '{key}' gives axis '{repeated.Key}' more than once. Write {Syntax(candidates)}.");
        return pairs;
    }

    private static ExperimentDescriptor ExperimentOf(IReadOnlyList<ExperimentDescriptor> candidates, string key, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var names = pairs.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var fitting = candidates.Where(e => e.Axes.Count == names.Count && e.Axes.All(a => names.Contains(a.Name))).ToArray();
        if (fitting.Length == 1)
            return fitting[0];
        if (fitting.Length > 1)
        {
            throw new UserException(
                $"--point '{key}' fits the axes of several experiments; name the one you mean before the options:",
                fitting.Select(e => e.Name).ToArray());
        }
        if (candidates.Count == 1)
        {
            var only = candidates[0];
            var missing = only.Axes.Where(a => !names.Contains(a.Name)).Select(a => a.Name).ToArray();
            var unknown = names.Where(n => only.Axes.All(a => a.Name != n)).ToArray();
            var problems = new List<string>();
            if (unknown.Length > 0)
                problems.Add($"unknown axis {string.Join(", ", unknown.Select(n => $"'{n}'"))}");
            if (missing.Length > 0)
                problems.Add($"missing axis {string.Join(", ", missing.Select(n => $"'{n}'"))}");
            throw new UserException(
                $"--point '{key}' does not fit {only.Name}: {string.Join("; ", problems)}. Its axes are: {PointSelector.AxisNames(only)}. Write {Syntax(candidates)}.");
        }
        throw new UserException(
            $"--point '{key}' does not name exactly the axes of any selected experiment. Their axes are:",
            candidates.Select(e => $"{e.Name}: {PointSelector.AxisNames(e)}").ToArray());
    }

    private static long IndexOf(ExperimentDescriptor experiment, string key, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var digits = new int[experiment.Axes.Count];
        for (var a = 0; a < experiment.Axes.Count; a++)
        {
            var axis = experiment.Axes[a];
            var text = pairs.First(p => p.Key == axis.Name).Value;
            var digit = AxisValueMatcher.IndexOf(axis, text);
            if (digit < 0)
            {
                throw new UserException(
                    $"--point '{key}': '{text}' is not a value of axis '{axis.Name}' of {experiment.Name}. Valid values: {AxisValueMatcher.DescribeValues(axis)}.");
            }
            digits[a] = digit;
        }
        return experiment.IndexOf(digits);
    }
}
