using Experiments;

namespace XunitExperiments;

/// <summary>10,000 points: above the project's discovery limit of 100, so only a sample is listed.</summary>
public class Sweep
{
    [Experiment]
    public static long Large([Range(0, 99, 1)] int a, [Range(0, 99, 1)] int b) => a * 100L + b;
}
