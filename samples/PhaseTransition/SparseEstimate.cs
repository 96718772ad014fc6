namespace Samples;

/// <summary>A decoder's estimate of the signal.</summary>
/// <param name="Coefficients">The estimated signal (length N).</param>
/// <param name="Iterations">How many columns were selected.</param>
/// <param name="ResidualNorm">‖y − A x̂‖₂ at the end.</param>
public sealed record SparseEstimate(double[] Coefficients, int Iterations, double ResidualNorm);
