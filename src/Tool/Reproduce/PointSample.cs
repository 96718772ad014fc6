namespace Experiments.Tool.Reproduce;

/// <summary>
/// <c>--sample N</c>: N of the recorded points, spread evenly over them in grid order — the first, then every
/// (count / N)-th — so a sample touches every region of the grid and picks the same points every time.
/// </summary>
public static class PointSample
{
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> ordered, int? size)
    {
        if (size is not { } n || n >= ordered.Count)
            return ordered;
        var picked = new T[n];
        for (var i = 0; i < n; i++)
            picked[i] = ordered[(int)((long)i * ordered.Count / n)];
        return picked;
    }
}
