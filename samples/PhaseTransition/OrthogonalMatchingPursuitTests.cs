using Xunit;

namespace Samples;

/// <summary>Ordinary tests of the numerical kernels, beside the experiments that use them.</summary>
public class OrthogonalMatchingPursuitTests
{
    [Fact]
    public void Recovers_a_sparse_signal_from_enough_measurements()
    {
        var problem = RecoveryProblem.Generate(64, delta: 0.5, rho: 0.125, Coefficients.Gaussian, new Random(1));

        var estimate = OrthogonalMatchingPursuit.Solve(
            problem.Matrix, problem.Measurements, problem.Sparsity, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4, problem.Sparsity);
        Assert.Equal(problem.Sparsity, estimate.Iterations);
        Assert.True(problem.RelativeError(estimate.Coefficients) < 1e-10);
        Assert.True(estimate.ResidualNorm < 1e-10);
    }

    [Fact]
    public void Least_squares_on_a_full_support_solves_a_square_system()
    {
        // With as many iterations as columns, OMP ends in the least-squares solution of a square system: A x = y exactly.
        var matrix = new ColumnMatrix(3, 3);
        double[][] columns = [[2, 1, 0], [1, 3, 1], [0, 1, 4]];
        for (var j = 0; j < 3; j++)
            columns[j].CopyTo(matrix.Column(j));
        double[] x = [1, -2, 0.5];

        var estimate = OrthogonalMatchingPursuit.Solve(
            matrix, matrix.Multiply(x), maxIterations: 3, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
            Assert.Equal(x[i], estimate.Coefficients[i], precision: 12);
    }

    [Fact]
    public void Fails_to_recover_when_the_signal_is_far_too_dense()
    {
        var problem = RecoveryProblem.Generate(100, delta: 0.2, rho: 0.9, Coefficients.Sign, new Random(7));

        var estimate = OrthogonalMatchingPursuit.Solve(
            problem.Matrix, problem.Measurements, problem.Sparsity, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(Outcome.Of(problem, estimate).Recovered);
    }

    [Fact]
    public void The_same_seed_gives_the_same_instance()
    {
        var first = RecoveryProblem.Generate(50, 0.4, 0.3, Coefficients.Sign, new Random(42));
        var second = RecoveryProblem.Generate(50, 0.4, 0.3, Coefficients.Sign, new Random(42));

        Assert.Equal(first.Signal, second.Signal);
        Assert.Equal(first.Measurements, second.Measurements);
    }

    [Fact]
    public void Box_Muller_variates_have_mean_zero_and_unit_variance()
    {
        var sampler = new GaussianSampler(new Random(3));
        var values = Enumerable.Range(0, 100_000).Select(_ => sampler.Next()).ToArray();

        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();

        // Standard errors: 1/√n ≈ 0.003 for the mean, √(2/n) ≈ 0.0045 for the variance; 5σ bounds.
        Assert.InRange(mean, -0.016, 0.016);
        Assert.InRange(variance, 0.977, 1.023);
    }
}
