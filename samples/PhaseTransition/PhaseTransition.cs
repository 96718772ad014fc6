using Experiments;
using Xunit;

namespace Samples;

/// <summary>
/// Where does sparse recovery by orthogonal matching pursuit stop working? Each point draws a k-sparse x ∈ ℝᴺ and n
/// Gaussian measurements y = A x, with δ = n/N and ρ = k/n, and asks OMP to find x again. The fraction of replicates
/// recovered, over the (δ, ρ) plane, is the phase-transition diagram.
/// </summary>
public class PhaseTransition
{
    /// <summary>N, the length of the signal.</summary>
    public const int SignalLength = 200;

    /// <summary>The full sweep: 9 × 49 × 2 × 20 = 17,640 points. Run it with <c>dotnet experiment run</c>.</summary>
    [Experiment(Timeout = "00:01:00", Retries = 1)]
    public Outcome Run(
        [Grid(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)] double delta,
        [Range(0.02, 0.98, 0.02)] double rho,
        Coefficients coefficients,
        [Replicates(20)] int replicate,
        ExperimentContext context)
    {
        // The replicate only makes the key (and so the seed) distinct; the randomness comes from the derived seed alone.
        var problem = RecoveryProblem.Generate(SignalLength, delta, rho, coefficients, new Random(context.Seed));
        var estimate = OrthogonalMatchingPursuit.Solve(
            problem.Matrix, problem.Measurements, problem.Sparsity, cancellationToken: context.CancellationToken);
        return Outcome.Of(problem, estimate);
    }

    /// <summary>
    /// A sanity check a plain <c>dotnet test</c> runs (it is not explicit): at δ = 0.5, ρ = 0.1 (k = 10 of N = 200,
    /// from n = 100 measurements) OMP recovers the signal essentially always.
    /// </summary>
    [Experiment(Explicit = false)]
    public Outcome EasyPointIsRecovered(
        [Grid(0.5)] double delta,
        [Grid(0.1)] double rho,
        Coefficients coefficients,
        [Replicates(3)] int replicate,
        ExperimentContext context)
    {
        var problem = RecoveryProblem.Generate(SignalLength, delta, rho, coefficients, new Random(context.Seed));
        var estimate = OrthogonalMatchingPursuit.Solve(
            problem.Matrix, problem.Measurements, problem.Sparsity, cancellationToken: context.CancellationToken);
        var outcome = Outcome.Of(problem, estimate);
        Assert.True(outcome.Recovered, $"Expected exact recovery at {context.Key}; relative error {outcome.RelativeError:G3}.");
        return outcome;
    }
}
