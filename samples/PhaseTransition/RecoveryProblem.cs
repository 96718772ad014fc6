namespace Samples;

/// <summary>
/// One compressed-sensing instance: a k-sparse signal x ∈ ℝᴺ observed through n random Gaussian measurements y = A x,
/// with n = δN and k = ρn (each rounded, at least 1).
/// </summary>
public sealed class RecoveryProblem
{
    private RecoveryProblem(ColumnMatrix matrix, double[] signal, double[] measurements, int sparsity)
    {
        Matrix = matrix;
        Signal = signal;
        Measurements = measurements;
        Sparsity = sparsity;
    }

    /// <summary>The n × N measurement matrix, entries i.i.d. N(0, 1/n) so its columns have unit norm on average.</summary>
    public ColumnMatrix Matrix { get; }

    /// <summary>The true signal x (length N, <see cref="Sparsity"/> nonzeros).</summary>
    public double[] Signal { get; }

    /// <summary>y = A x (length n).</summary>
    public double[] Measurements { get; }

    /// <summary>k, the number of nonzeros in <see cref="Signal"/>.</summary>
    public int Sparsity { get; }

    /// <param name="signalLength">N.</param>
    /// <param name="delta">δ = n/N, the undersampling ratio, in (0, 1].</param>
    /// <param name="rho">ρ = k/n, the sparsity ratio, in (0, 1].</param>
    /// <param name="coefficients">How the nonzero amplitudes are drawn.</param>
    /// <param name="random">The only source of randomness: the same seed gives the same instance.</param>
    public static RecoveryProblem Generate(int signalLength, double delta, double rho, Coefficients coefficients, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signalLength);
        if (!(delta > 0 && delta <= 1))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ = n/N must lie in (0, 1].");
        if (!(rho > 0 && rho <= 1))
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ = k/n must lie in (0, 1].");

        var measurementCount = Math.Max(1, (int)Math.Round(delta * signalLength, MidpointRounding.AwayFromZero));
        var sparsity = Math.Max(1, (int)Math.Round(rho * measurementCount, MidpointRounding.AwayFromZero));
        var gaussian = new GaussianSampler(random);

        var matrix = new ColumnMatrix(measurementCount, signalLength);
        var scale = 1.0 / Math.Sqrt(measurementCount);
        for (var j = 0; j < signalLength; j++)
        {
            var column = matrix.Column(j);
            for (var i = 0; i < column.Length; i++)
                column[i] = scale * gaussian.Next();
        }

        var signal = new double[signalLength];
        foreach (var index in RandomSupport(signalLength, sparsity, random))
        {
            signal[index] = coefficients switch
            {
                Coefficients.Gaussian => gaussian.Next(),
                Coefficients.Sign => random.Next(2) == 0 ? -1.0 : 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(coefficients), coefficients, "Unknown coefficient distribution."),
            };
        }

        return new RecoveryProblem(matrix, signal, matrix.Multiply(signal), sparsity);
    }

    /// <summary>‖estimate − x‖₂ / ‖x‖₂.</summary>
    public double RelativeError(ReadOnlySpan<double> estimate)
    {
        if (estimate.Length != Signal.Length)
            throw new ArgumentException($"Expected an estimate of length {Signal.Length}, got {estimate.Length}.", nameof(estimate));
        var difference = new double[Signal.Length];
        for (var i = 0; i < difference.Length; i++)
            difference[i] = estimate[i] - Signal[i];
        return Vectors.Norm(difference) / Vectors.Norm(Signal);
    }

    /// <summary>k distinct indices of 0 … N − 1, uniformly at random (a partial Fisher–Yates shuffle).</summary>
    private static int[] RandomSupport(int length, int count, Random random)
    {
        var indices = new int[length];
        for (var i = 0; i < length; i++)
            indices[i] = i;
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return indices[..count];
    }
}
