namespace Samples;

/// <summary>The result of one recovery attempt.</summary>
/// <param name="Recovered">Whether the estimate matches the true signal to within <see cref="Outcome.Tolerance"/> (relative).</param>
/// <param name="RelativeError">‖x̂ − x‖₂ / ‖x‖₂.</param>
/// <param name="Iterations">How many columns the decoder selected before it stopped.</param>
public sealed record Outcome(bool Recovered, double RelativeError, int Iterations)
{
    /// <summary>A relative error below this counts as exact recovery: far above rounding (≈1e-14), far below any wrong support.</summary>
    public const double Tolerance = 1e-6;

    public static Outcome Of(RecoveryProblem problem, SparseEstimate estimate)
    {
        var error = problem.RelativeError(estimate.Coefficients);
        return new Outcome(error < Tolerance, error, estimate.Iterations);
    }
}
