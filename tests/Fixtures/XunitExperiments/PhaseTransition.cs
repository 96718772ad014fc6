using Experiments;

namespace XunitExperiments;

public enum Solver
{
    Omp,
    Lasso,
}

public sealed record Outcome(double SuccessRate, int Seed, string Key);

/// <summary>24 points; each logs a line and returns its seed and key, so a test can check the context it ran with.</summary>
public class PhaseTransition
{
    [Experiment(Timeout = "00:01:00")]
    public Outcome Run(
        [Grid(0.1, 0.5)] double delta,
        [Range(0.02, 0.06, 0.02)] double rho,
        [Replicates(2)] int replicate,
        Solver solver,
        ExperimentContext context)
    {
        context.Log.WriteLine($"solving delta={delta} rho={rho} with {solver}");
        var random = new Random(context.Seed);
        var successes = Enumerable.Range(0, 100).Count(_ => random.NextDouble() > delta * rho * 10);
        return new Outcome(successes / 100.0, context.Seed, context.Key);
    }
}
