using Experiments.TestSupport;

namespace Experiments.Tests.Support;

/// <summary>
/// tests/Fixtures/XunitExperiments copied to a temporary folder and built once (with the real generator) for every
/// test of the collection, which then run the built test app the way a developer or the IDE would.
/// </summary>
public sealed class BuiltFixture : IAsyncLifetime
{
    public const string Configuration = "Release";

    private FixtureProject? _project;

    public FixtureProject Project => _project ?? throw new InvalidOperationException("The fixture project is not built yet.");

    public string TestApp => Path.Combine(Project.OutputDirectory(Configuration), "XunitExperiments.dll");

    public async ValueTask InitializeAsync()
    {
        _project = FixtureProject.Copy(RepositoryPaths.Fixture("XunitExperiments"));
        await _project.BuildAsync(Configuration, TimeSpan.FromMinutes(8));
    }

    /// <summary>Runs the built test app (xunit's in-process console runner) with <paramref name="arguments"/>.</summary>
    public Task<ProcessResult> RunTestAppAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [TestApp, "-noColor", .. arguments], Project.ProjectDirectory, Project.BuildEnvironment, TimeSpan.FromMinutes(3));

    public ValueTask DisposeAsync()
    {
        _project?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltFixtureCollection : ICollectionFixture<BuiltFixture>
{
    public const string Name = "XunitExperiments fixture, built";
}
