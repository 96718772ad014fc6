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

    /// <summary>Added to this copy only (the shared fixture's experiment list is part of other projects' tests).</summary>
    public const string ArtifactsSource = """
        using Experiments;

        namespace Sweeps;

        public static class Artifacts
        {
            /// <summary>2 points; each writes its key to {name}.txt in its artifacts directory and returns that file's path.</summary>
            [Experiment]
            public static string Write([Grid("one", "two")] string name, ExperimentContext context)
            {
                var path = Path.Combine(context.ArtifactsDirectory, name + ".txt");
                File.WriteAllText(path, context.Key);
                return path;
            }
        }
        """;

    public async ValueTask InitializeAsync()
    {
        _project = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        File.WriteAllText(Path.Combine(_project.ProjectDirectory, "Artifacts.cs"), ArtifactsSource);
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
