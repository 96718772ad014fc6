namespace Experiments.Tool.Reporting;

/// <summary>
/// The Wilson score interval for a binomial proportion: unlike mean ± 1.96·sd it stays inside [0, 1] and is honest at
/// 0 of 20 or 20 of 20, which is exactly where a phase diagram's cells sit.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static (double Low, double High) Of(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
            return (double.NaN, double.NaN);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
