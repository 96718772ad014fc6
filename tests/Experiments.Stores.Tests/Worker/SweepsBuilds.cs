using Experiments.Backends;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Stores.Tests.Worker;

/// <summary>The worker tests share builds of tests/Fixtures/Sweeps and run one at a time (each starts processes).</summary>
[CollectionDefinition(Name)]
public sealed class SweepsCollection : ICollectionFixture<SweepsBuilds>
{
    public const string Name = "Sweeps with cloud stores";
}

/// <summary>
/// tests/Fixtures/Sweeps copied and built with <c>-p:ExperimentsCloudStores=true</c> (what a cloud backend publishes),
/// once per test run; and, when a test asks, a second copy built without it.
/// </summary>
public sealed class SweepsBuilds : IAsyncLifetime
{
    private readonly SemaphoreSlim _plainGate = new(1, 1);
    private FixtureProject? _cloud;
    private FixtureProject? _plain;

    public string CloudOutput { get; private set; } = "";

    public IReadOnlyList<ExperimentDescriptor> Experiments { get; private set; } = [];

    /// <summary>Added to the cloud copy only (the shared fixture's experiment list is part of other projects' tests).</summary>
    public const string ThreadsSource = """
        using Experiments;

        namespace Sweeps;

        public static class Threads
        {
            /// <summary>2 points; p = 2 throws on a thread of its own, which ends the worker as an unhandled exception.</summary>
            [Experiment]
            public static int Throw([Grid(1, 2)] int p)
            {
                if (p == 2)
                {
                    var thread = new Thread(() => throw new InvalidOperationException("Sweeps.Threads.Throw: deliberate failure on another thread"));
                    thread.Start();
                    thread.Join();
                }
                return p;
            }
        }
        """;

    public async ValueTask InitializeAsync()
    {
        _cloud = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        File.WriteAllText(Path.Combine(_cloud.ProjectDirectory, "Threads.cs"), ThreadsSource);
        await BuildAsync(_cloud, cloudStores: true);
        CloudOutput = _cloud.OutputDirectory();
        Experiments = Manifest.Descriptors(Manifest.Load(Path.Combine(CloudOutput, ManifestModel.FileName)));
    }

    /// <summary>The output of a copy built without the opt-in: an app that cannot reach object storage.</summary>
    public async Task<string> PlainOutputAsync()
    {
        await _plainGate.WaitAsync();
        try
        {
            if (_plain is null)
            {
                var plain = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
                await BuildAsync(plain, cloudStores: false);
                _plain = plain;
            }
            return _plain.OutputDirectory();
        }
        finally
        {
            _plainGate.Release();
        }
    }

    /// <summary>A plan of every point of one experiment, as the tool would write it.</summary>
    public RunPlan Plan(string experiment, int pointsPerTask)
    {
        var descriptor = Experiment(experiment);
        return RunPlanner.Plan("test-run", [PlanSelection.All(descriptor)], pointsPerTask);
    }

    public ExperimentDescriptor Experiment(string name) =>
        Experiments.SingleOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"The Sweeps fixture has no experiment {name}; it has {string.Join(", ", Experiments.Select(e => e.Name))}.");

    public ValueTask DisposeAsync()
    {
        _cloud?.Dispose();
        _plain?.Dispose();
        _plainGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task BuildAsync(FixtureProject project, bool cloudStores)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["build", project.ProjectFile, "-c", "Release", "-nologo", "-clp:NoSummary", $"-p:ExperimentsCloudStores={(cloudStores ? "true" : "false")}"],
            project.ProjectDirectory,
            project.BuildEnvironment,
            TimeSpan.FromMinutes(8));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Building {project.ProjectFile} failed:\n{result}");
    }
}
