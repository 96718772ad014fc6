namespace Experiments.Tool.Reporting;

/// <summary>
/// Statistics of every result field per group of points, where a group is one combination of values of
/// <see cref="Axes"/> (all other axes are averaged over). Groups are numbered by mixed radix over the axes' value
/// positions and kept in flat arrays, so adding a point costs a few array writes and a 10⁶-point file needs no
/// per-point memory.
/// </summary>
public sealed class GroupedStatistics
{
    private readonly long[] _stride;
    private readonly List<RunningStatistic[]?> _fields = [];

    public GroupedStatistics(IReadOnlyList<ReportAxis> axes)
    {
        Axes = axes;
        _stride = new long[axes.Count];
        long count = 1;
        for (var i = axes.Count - 1; i >= 0; i--)
        {
            _stride[i] = count;
            count = checked(count * Math.Max(1, axes[i].Count));
        }
        if (count > Array.MaxLength)
            throw new InvalidOperationException($"{count} groups over {string.Join(" × ", axes)} are too many to tabulate.");
        GroupCount = (int)count;
        Succeeded = new int[GroupCount];
        Failed = new int[GroupCount];
    }

    public IReadOnlyList<ReportAxis> Axes { get; }

    public int GroupCount { get; }

    public int[] Succeeded { get; }

    public int[] Failed { get; }

    /// <summary>The group of a point, from its value positions on every axis of the experiment (by axis position).</summary>
    public int GroupOf(ReadOnlySpan<int> valueIndexes)
    {
        long group = 0;
        for (var i = 0; i < Axes.Count; i++)
            group += _stride[i] * valueIndexes[Axes[i].Position];
        return (int)group;
    }

    /// <summary>The group at value positions given per axis of <see cref="Axes"/> (in their order).</summary>
    public int GroupAt(params ReadOnlySpan<int> axisValueIndexes)
    {
        long group = 0;
        for (var i = 0; i < Axes.Count; i++)
            group += _stride[i] * axisValueIndexes[i];
        return (int)group;
    }

    /// <summary>The value position on each of <see cref="Axes"/> of a group.</summary>
    public int ValueIndex(int group, int axis) => (int)(group / _stride[axis] % Math.Max(1, Axes[axis].Count));

    public void Add(ReadOnlySpan<int> valueIndexes, bool succeeded, List<(ResultField Field, double Value)> values)
    {
        var group = GroupOf(valueIndexes);
        if (!succeeded)
        {
            Failed[group]++;
            return;
        }
        Succeeded[group]++;
        foreach (var (field, value) in values)
        {
            while (_fields.Count <= field.Index)
                _fields.Add(null);
            var statistics = _fields[field.Index] ??= new RunningStatistic[GroupCount];
            statistics[group].Add(value);
        }
    }

    /// <summary>The statistic of <paramref name="field"/> in <paramref name="group"/> (Count 0 when it has no value there).</summary>
    public RunningStatistic Statistic(ResultField field, int group) =>
        field.Index < _fields.Count && _fields[field.Index] is { } statistics ? statistics[group] : default;

    public bool HasPoints(int group) => Succeeded[group] + Failed[group] > 0;
}
