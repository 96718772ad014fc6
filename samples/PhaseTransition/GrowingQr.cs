namespace Samples;

/// <summary>
/// A thin QR factorisation A_S = Q R of the selected columns that grows one column at a time, together with
/// z = Qᵀ y, so the least-squares coefficients on the support are the solution of R c = z.
/// </summary>
internal sealed class GrowingQr(int rows, int capacity)
{
    private readonly double[][] _q = new double[capacity][];
    private readonly double[,] _r = new double[capacity, capacity];
    private readonly double[] _z = new double[capacity];

    public int Count { get; private set; }

    /// <summary>
    /// Appends a column and removes its new direction from <paramref name="residual"/> (which must be y − Q Qᵀ y on
    /// entry). False, changing nothing, when the column is numerically in the span of those already there.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<double> column, double[] residual)
    {
        if (Count == capacity)
            throw new InvalidOperationException($"The factorisation already holds {capacity} columns.");
        var s = Count;
        var v = column.ToArray();
        var r = new double[s];
        // Classical Gram–Schmidt twice ("twice is enough"): one pass loses orthogonality when columns are nearly dependent.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < s; i++)
            {
                var c = Vectors.Dot(_q[i], v);
                r[i] += c;
                Vectors.AddScaled(v, -c, _q[i]);
            }
        }
        var norm = Vectors.Norm(v);
        if (norm <= 1e-12 * Vectors.Norm(column))
            return false;

        for (var i = 0; i < rows; i++)
            v[i] /= norm;
        for (var i = 0; i < s; i++)
            _r[i, s] = r[i];
        _r[s, s] = norm;
        _q[s] = v;
        // The residual is already orthogonal to the earlier directions, so its component along q equals qᵀy.
        _z[s] = Vectors.Dot(v, residual);
        Vectors.AddScaled(residual, -_z[s], v);
        Count = s + 1;
        return true;
    }

    /// <summary>The least-squares coefficients c minimising ‖A_S c − y‖₂: back substitution in R c = z.</summary>
    public double[] Solve()
    {
        var c = new double[Count];
        for (var i = Count - 1; i >= 0; i--)
        {
            var sum = _z[i];
            for (var j = i + 1; j < Count; j++)
                sum -= _r[i, j] * c[j];
            c[i] = sum / _r[i, i];
        }
        return c;
    }
}
