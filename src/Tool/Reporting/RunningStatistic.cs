namespace Experiments.Tool.Reporting;

/// <summary>
/// Count, mean and spread of one result field in one group, updated one value at a time (Welford's method), so a
/// report never holds the values themselves: memory grows with the number of groups, not of points.
/// </summary>
public struct RunningStatistic
{
    private double _m2;

    public long Count { get; private set; }

    public double Mean { get; private set; }

    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        _m2 += delta * (value - Mean);
    }

    /// <summary>The sample standard deviation; NaN below two values.</summary>
    public readonly double StandardDeviation => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : double.NaN;
}
