using Experiments.Registry;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Selection;

/// <summary>
/// Turns <c>run</c>'s arguments into points: experiment names (none = all), <c>--where</c> clauses (clauses on different
/// axes must all hold; clauses on one axis add values) and <c>--point</c> keys (only those points, still subject to
/// <c>--where</c>).
/// </summary>
public static class PointSelector
{
    public static IReadOnlyList<ExperimentSelection> Select(
        IReadOnlyList<ExperimentDescriptor> experiments,
        IReadOnlyList<string> names,
        IReadOnlyList<WhereClause> where,
        IReadOnlyList<string> pointKeys)
    {
        var chosen = ExperimentMatcher.MatchAll(experiments, names);
        var byAxis = where.GroupBy(w => w.Axis, StringComparer.Ordinal).ToArray();
        chosen = KeepThoseWithAxes(chosen, byAxis.Select(g => g.Key).ToArray(), namedExplicitly: names.Count > 0, experiments);

        var keyedPoints = pointKeys.Count == 0 ? null : PointKeyResolver.Resolve(chosen, pointKeys);
        var selections = new List<ExperimentSelection>();
        foreach (var experiment in chosen)
        {
            var allowed = AllowedDigits(experiment, byAxis);
            IReadOnlyList<long> points;
            if (keyedPoints is null)
                points = Enumerate(experiment, allowed);
            else if (keyedPoints.TryGetValue(experiment, out var keyed))
                points = keyed.Where(p => Satisfies(experiment, p, allowed)).Order().ToArray();
            else
                continue;
            if (points.Count > 0)
                selections.Add(new ExperimentSelection(experiment, points));
        }
        if (selections.Count == 0)
        {
            throw new UserException(
                "The --where and --point filters leave no points to run. Check them against 'dotnet experiment list'.");
        }
        return selections;
    }

    private static IReadOnlyList<ExperimentDescriptor> KeepThoseWithAxes(
        IReadOnlyList<ExperimentDescriptor> chosen,
        IReadOnlyList<string> axes,
        bool namedExplicitly,
        IReadOnlyList<ExperimentDescriptor> all)
    {
        if (axes.Count == 0)
            return chosen;
        bool Has(ExperimentDescriptor e, string axis) => e.Axes.Any(a => a.Name == axis);

        if (namedExplicitly)
        {
            foreach (var experiment in chosen)
            {
                var missing = axes.FirstOrDefault(a => !Has(experiment, a));
                if (missing is not null)
                {
                    throw new UserException(
                        $"Unknown axis '{missing}' in --where: {experiment.Name} has no such axis. Its axes are: {AxisNames(experiment)}.");
                }
            }
            return chosen;
        }

        // With no experiment named, --where picks the experiments it makes sense for.
        var fitting = chosen.Where(e => axes.All(a => Has(e, a))).ToArray();
        if (fitting.Length > 0)
            return fitting;
        var unknown = axes.FirstOrDefault(a => !all.Any(e => Has(e, a)));
        var problem = unknown is not null
            ? $"Unknown axis '{unknown}' in --where: no experiment has it."
            : $"No experiment has all the axes {string.Join(", ", axes)} named in --where.";
        throw new UserException(problem + " The axes are:", all.Select(e => $"{e.Name}: {AxisNames(e)}").ToArray());
    }

    /// <summary>For each axis, the allowed value positions (null = all).</summary>
    private static HashSet<int>?[] AllowedDigits(ExperimentDescriptor experiment, IEnumerable<IGrouping<string, WhereClause>> byAxis)
    {
        var allowed = new HashSet<int>?[experiment.Axes.Count];
        foreach (var group in byAxis)
        {
            var position = IndexOfAxis(experiment, group.Key);
            var axis = experiment.Axes[position];
            var digits = new HashSet<int>();
            foreach (var clause in group)
            {
                foreach (var value in clause.Values)
                {
                    var digit = AxisValueMatcher.IndexOf(axis, value);
                    if (digit < 0)
                    {
                        throw new UserException(
                            $"Unknown value '{value}' for axis '{axis.Name}' ({axis.TypeName}) in --where {clause.Text}. Valid values of {experiment.Name}'s '{axis.Name}': {AxisValueMatcher.DescribeValues(axis)}.");
                    }
                    digits.Add(digit);
                }
            }
            allowed[position] = digits;
        }
        return allowed;
    }

    private static int IndexOfAxis(ExperimentDescriptor experiment, string name)
    {
        for (var a = 0; a < experiment.Axes.Count; a++)
        {
            if (experiment.Axes[a].Name == name)
                return a;
        }
        throw new InvalidOperationException($"{experiment.Name} has no axis {name}; checked before.");
    }

    private static bool Satisfies(ExperimentDescriptor experiment, long index, HashSet<int>?[] allowed)
    {
        var digits = experiment.Digits(index);
        for (var a = 0; a < digits.Length; a++)
        {
            if (allowed[a] is { } set && !set.Contains(digits[a]))
                return false;
        }
        return true;
    }

    /// <summary>The points whose digits are all allowed, in index order: an odometer over the allowed digits.</summary>
    private static IReadOnlyList<long> Enumerate(ExperimentDescriptor experiment, HashSet<int>?[] allowed)
    {
        if (allowed.All(a => a is null))
            return new IndexRange(experiment.PointCount);
        var choices = experiment.Axes
            .Select((axis, a) => allowed[a] is { } set ? set.Order().ToArray() : Enumerable.Range(0, axis.Count).ToArray())
            .ToArray();
        if (choices.Any(c => c.Length == 0))
            return [];
        var points = new List<long>();
        var position = new int[choices.Length];
        var digits = new int[choices.Length];
        while (true)
        {
            for (var a = 0; a < choices.Length; a++)
                digits[a] = choices[a][position[a]];
            points.Add(experiment.IndexOf(digits));
            var axis = choices.Length - 1;
            while (axis >= 0 && ++position[axis] == choices[axis].Length)
            {
                position[axis] = 0;
                axis--;
            }
            if (axis < 0)
                return points;
        }
    }

    internal static string AxisNames(ExperimentDescriptor experiment) =>
        experiment.Axes.Count == 0 ? "(none)" : string.Join(", ", experiment.Axes.Select(a => a.Name));
}
