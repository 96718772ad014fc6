using Experiments.Registry;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Support;

/// <summary>The tests that run the Sweeps app share one build of it, and run one at a time (each starts processes).</summary>
[CollectionDefinition(Name)]
public sealed class SweepsCollection : ICollectionFixture<SweepsApp>
{
    public const string Name = "Sweeps";
}

/// <summary>
/// tests/Fixtures/Sweeps, copied and built once per test run into a temporary artifacts path, with the descriptors of
/// its manifest — what the tool plans from.
/// </summary>
public sealed class SweepsApp : IAsyncLifetime
{
    private FixtureProject? _project;

    public string OutputDirectory { get; private set; } = "";

    public string AssemblyPath => Path.Combine(OutputDirectory, "Sweeps.dll");

    public IReadOnlyList<ExperimentDescriptor> Experiments { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        _project = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        await _project.BuildAsync(timeout: TimeSpan.FromMinutes(8));
        OutputDirectory = _project.OutputDirectory();
        Experiments = Manifest.Descriptors(Manifest.Load(Path.Combine(OutputDirectory, ManifestModel.FileName)));
    }

    public ExperimentDescriptor Experiment(string name) =>
        Experiments.SingleOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"The Sweeps fixture has no experiment {name}; it has {string.Join(", ", Experiments.Select(e => e.Name))}.");

    /// <summary>Plans every point of the named experiments and writes the plan to <c>{runDirectory}/plan.json</c>.</summary>
    public (RunPlan Plan, string Path) WritePlan(string runDirectory, int pointsPerTask, params string[] experiments)
    {
        var plan = RunPlanner.Plan("test-run", experiments.Select(n => PlanSelection.All(Experiment(n))), pointsPerTask);
        var path = System.IO.Path.Combine(runDirectory, RunPlanJson.FileName);
        RunPlanJson.WriteFile(plan, path);
        return (plan, path);
    }

    public ValueTask DisposeAsync()
    {
        _project?.Dispose();
        return ValueTask.CompletedTask;
    }
}
