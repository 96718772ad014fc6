using Experiments;

namespace XunitExperiments;

/// <summary>Replicate 0 succeeds; replicate 1 throws.</summary>
public class Failing
{
    [Experiment]
    public int Diverges([Replicates(2)] int replicate) =>
        replicate == 1 ? throw new InvalidOperationException("replicate 1 diverged") : replicate;
}
