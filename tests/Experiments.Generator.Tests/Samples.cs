namespace Experiments.Generator.Tests;

/// <summary>Experiment sources shared by several test classes.</summary>
internal static class Samples
{
    /// <summary>The flagship example of the issue: grid, range, replicates, an enum taking all its values, a context.</summary>
    public const string PhaseTransition = """
        using System;
        using Experiments;

        namespace Samples;

        public enum Solver { Omp, Ista, Lasso }

        public record Outcome(double SuccessRate, double MeanError);

        public class PhaseTransition
        {
            [Experiment(Timeout = "00:05:00", Retries = 2, Cpus = 1, Memory = "2GiB")]
            public Outcome Run(
                [Grid(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)] double delta,
                [Range(0.02, 0.98, 0.02)] double rho,
                [Replicates(20)] int replicate,
                Solver solver,
                ExperimentContext context)
                => new Outcome(delta * rho, replicate + (int)solver);
        }
        """;
}
