namespace Experiments.Xunit;

/// <summary>
/// Which points discovery lists. A grid within the limit is listed whole; a larger one is represented by the first and
/// last points and a golden-ratio (Kronecker) walk over the point indexes. Evenly spaced indexes would walk the diagonal
/// of a square grid (step N/limit = radix + 1); the golden-ratio stride spreads the sample over every axis instead.
/// The sample depends only on N and the limit, so it is the same on every discovery (Test Explorer keeps its
/// selection and history across rebuilds).
/// </summary>
public static class DiscoverySample
{
    private const double InverseGoldenRatio = 0.6180339887498949;

    /// <summary>The point indexes to list, ascending and distinct.</summary>
    /// <param name="pointCount">The experiment's number of points.</param>
    /// <param name="limit">The most points to list (<c>ExperimentsDiscoveryLimit</c>); 0 or less lists none.</param>
    public static IReadOnlyList<long> Indexes(long pointCount, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pointCount);
        if (pointCount <= limit)
            return Sequence(pointCount);
        if (limit <= 0)
            return [];
        if (limit == 1)
            return [0];

        // A stride coprime with N visits every index once before repeating, so the walk yields distinct indexes.
        var stride = Math.Max(1L, (long)(pointCount * InverseGoldenRatio));
        while (Gcd(stride, pointCount) != 1)
            stride++;
        var chosen = new SortedSet<long> { 0, pointCount - 1 };
        for (Int128 i = 1; chosen.Count < limit; i++)
            chosen.Add((long)(i * stride % pointCount));
        return chosen.ToArray();
    }

    /// <summary>How many points <see cref="Indexes"/> leaves out.</summary>
    public static long Unlisted(long pointCount, int limit) => pointCount - Math.Min(pointCount, Math.Max(limit, 0));

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }

    private static long[] Sequence(long count)
    {
        var all = new long[count];
        for (var i = 0; i < count; i++)
            all[i] = i;
        return all;
    }
}
