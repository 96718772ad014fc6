using Experiments;

namespace MyStudy;

/// <summary>
/// How well the mean of noisy samples estimates the true value. Each combination of the parameters is one point: a
/// test case you can run and debug alone (explicit, so a plain test run leaves it out), and one item of the sweep
/// `dotnet experiment run` records in Study.MeanOfNoisySamples.results.json beside this file.
/// </summary>
public class Study
{
    private const double TrueValue = 1.0;

    [Experiment(Timeout = "00:01:00")]
    public Estimate MeanOfNoisySamples(
        [Grid(10, 100, 1000)] int samples,
        [Range(0.5, 2.0, 0.5)] double noise,
        [Replicates(3)] int replicate,
        ExperimentContext context)
    {
        // context.Seed is derived from the point's key, so every run of this point draws the same samples.
        var random = new Random(context.Seed);
        var sum = 0.0;
        for (var i = 0; i < samples; i++)
            sum += TrueValue + noise * Gaussian(random);
        var mean = sum / samples;
        context.Log.WriteLine($"{samples} samples, noise {noise}: mean {mean:F4}");
        return new Estimate(mean, Math.Abs(mean - TrueValue));
    }

    // Box-Muller: a standard normal draw from two uniform ones.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

/// <summary>One point's result: what the results file records for it.</summary>
public record Estimate(double Mean, double Error);
