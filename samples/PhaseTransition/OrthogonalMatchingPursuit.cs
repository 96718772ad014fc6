namespace Samples;

/// <summary>
/// Orthogonal matching pursuit: repeatedly select the column most correlated with the residual, then fit y by least
/// squares on the selected columns. The least-squares fit is kept as a QR factorisation of the selected columns that
/// grows by one column per iteration (Gram–Schmidt, orthogonalised twice so Q stays orthonormal to rounding), so each
/// iteration costs O(nN) for the correlations plus O(ns) for the update, and the final solve is one back substitution.
/// </summary>
public static class OrthogonalMatchingPursuit
{
    /// <param name="matrix">A (n × N).</param>
    /// <param name="measurements">y (length n).</param>
    /// <param name="maxIterations">At most this many columns are selected (the decoder is told the sparsity k).</param>
    /// <param name="residualTolerance">Stop once ‖r‖₂ ≤ tolerance · ‖y‖₂: y is explained.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    public static SparseEstimate Solve(
        ColumnMatrix matrix,
        ReadOnlySpan<double> measurements,
        int maxIterations,
        double residualTolerance = 1e-12,
        CancellationToken cancellationToken = default)
    {
        var n = matrix.Rows;
        if (measurements.Length != n)
            throw new ArgumentException($"Expected {n} measurements, got {measurements.Length}.", nameof(measurements));
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        var limit = Math.Min(maxIterations, Math.Min(n, matrix.Columns));

        var columnNorms = new double[matrix.Columns];
        for (var j = 0; j < columnNorms.Length; j++)
            columnNorms[j] = Vectors.Norm(matrix.ReadColumn(j));

        var residual = measurements.ToArray();
        var stopAt = residualTolerance * Vectors.Norm(measurements);
        var factorization = new GrowingQr(n, limit);
        var selected = new bool[matrix.Columns];
        var support = new List<int>(limit);

        while (support.Count < limit && Vectors.Norm(residual) > stopAt)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = MostCorrelatedColumn(matrix, columnNorms, selected, residual);
            if (next < 0 || !factorization.TryAppend(matrix.ReadColumn(next), residual))
                break; // every remaining column lies in the span of the selected ones: nothing left to explain with
            selected[next] = true;
            support.Add(next);
        }

        var estimate = new double[matrix.Columns];
        var onSupport = factorization.Solve();
        for (var i = 0; i < support.Count; i++)
            estimate[support[i]] = onSupport[i];
        return new SparseEstimate(estimate, support.Count, Vectors.Norm(residual));
    }

    private static int MostCorrelatedColumn(ColumnMatrix matrix, double[] columnNorms, bool[] selected, double[] residual)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var j = 0; j < matrix.Columns; j++)
        {
            if (selected[j] || columnNorms[j] == 0)
                continue;
            var score = Math.Abs(Vectors.Dot(matrix.ReadColumn(j), residual)) / columnNorms[j];
            if (score > bestScore)
            {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }
}
