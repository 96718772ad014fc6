using Experiments.Registry;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Support;

/// <summary>Experiment descriptors for planner tests: only names, axes and point counts matter to planning.</summary>
public static class Descriptors
{
    /// <summary>An experiment with one int axis of <paramref name="points"/> values.</summary>
    public static ExperimentDescriptor WithPoints(string name, long points) =>
        SyntheticExperiments.WithPoints(name, points);
}
