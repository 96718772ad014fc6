using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Samples;

/// <summary>A copy of samples/PhaseTransition built once (Release) for the tests of one class.</summary>
public sealed class BuiltPhaseTransitionSample : IAsyncLifetime
{
    public FixtureProject Project { get; } = FixtureProject.Copy(RepositoryPaths.Sample("PhaseTransition"));

    public async ValueTask InitializeAsync() => await Project.BuildAsync();

    public ValueTask DisposeAsync()
    {
        Project.Dispose();
        return ValueTask.CompletedTask;
    }
}
