using System.Globalization;

namespace Experiments.Tool.Reporting;

/// <summary>How the report writes numbers and statistics, the same in tables, hover labels and markdown.</summary>
public static class StatisticText
{
    public static string Number(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(Math.Abs(value) is >= 1e-3 and < 1e5 or 0 ? "0.####" : "0.###E+0", CultureInfo.InvariantCulture);

    /// <summary>A bool field's rate: <c>0.95 (19/20, 95 % CI 0.76–0.99)</c>.</summary>
    public static string Rate(RunningStatistic statistic)
    {
        if (statistic.Count == 0)
            return "–";
        var successes = (long)Math.Round(statistic.Mean * statistic.Count);
        var (low, high) = WilsonInterval.Of(successes, statistic.Count);
        return $"{Number(statistic.Mean)} ({successes}/{statistic.Count}, 95 % CI {Number(low)}–{Number(high)})";
    }

    /// <summary>A number field's mean: <c>0.0012 ± 0.0004 (n=20)</c>.</summary>
    public static string Mean(RunningStatistic statistic) =>
        statistic.Count == 0 ? "–"
        : statistic.Count == 1 ? $"{Number(statistic.Mean)} (n=1)"
        : $"{Number(statistic.Mean)} ± {Number(statistic.StandardDeviation)} (n={statistic.Count})";

    public static string Of(ResultField field, RunningStatistic statistic) =>
        field.Kind == FieldKind.Bool ? Rate(statistic) : Mean(statistic);

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
