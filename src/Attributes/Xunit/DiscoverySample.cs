namespace Experiments.Xunit;

/// <summary>
/// Which points discovery lists. A grid within the limit is listed whole; a larger one is represented by evenly spaced
/// indexes that always include the first and the last point, so the list shows the grid's extremes and is the same on
/// every discovery (Test Explorer keeps its selection and history across rebuilds).
/// </summary>
public static class DiscoverySample
{
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

        // index_i = floor(i * (N - 1) / (limit - 1)): i = 0 gives the first point, i = limit - 1 the last, and the step
        // (N - 1) / (limit - 1) exceeds 1 because N > limit, so no index repeats. Int128 keeps i * (N - 1) exact for any N.
        var indexes = new long[limit];
        var last = (Int128)(pointCount - 1);
        for (var i = 0; i < limit; i++)
            indexes[i] = (long)(i * last / (limit - 1));
        return indexes;
    }

    /// <summary>How many points <see cref="Indexes"/> leaves out.</summary>
    public static long Unlisted(long pointCount, int limit) => pointCount - Math.Min(pointCount, Math.Max(limit, 0));

    private static long[] Sequence(long count)
    {
        var all = new long[count];
        for (var i = 0; i < count; i++)
            all[i] = i;
        return all;
    }
}
