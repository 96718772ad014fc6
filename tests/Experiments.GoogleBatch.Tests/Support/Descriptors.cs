using Experiments.Registry;
using Experiments.TestSupport;

namespace Experiments.GoogleBatch.Tests.Support;

/// <summary>Experiment descriptors for planning: only names, axes, point counts and resources matter.</summary>
public static class Descriptors
{
    /// <summary>An experiment with one int axis of <paramref name="points"/> values.</summary>
    public static ExperimentDescriptor WithPoints(string name, long points, ExperimentResources? resources = null) =>
        SyntheticExperiments.WithPoints(name, points, resources);
}
