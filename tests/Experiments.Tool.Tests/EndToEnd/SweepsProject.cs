using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// A copy of tests/Fixtures/Sweeps in a temporary folder, built once through the generator and shared by the end-to-end
/// tests of the "Sweeps" collection, which run one at a time and start from <see cref="Reset"/>. Experiments are
/// added to the copy for the tool's tests: <c>Paced.Step</c> (30 points of 200 ms, a sweep long enough to kill the
/// tool in the middle of), <c>Paced.Busy</c> (the same with points that ignore cancellation), <c>Paced.Sum</c> (so that
/// "Sum" is an ambiguous suffix) <c>Paced.Samples</c> (grid order differs from text order), and <c>Drawing.Draw</c> (points that leave artifacts).
/// </summary>
public sealed class SweepsProject : IAsyncLifetime
{
    public const string PacedSource = """
        using Experiments;

        namespace Sweeps;

        /// <summary>Added by the tool's end-to-end tests.</summary>
        public static class Paced
        {
            /// <summary>30 points of 200 ms each; returns the replicate.</summary>
            [Experiment]
            public static async Task<int> Step([Replicates(30)] int replicate, CancellationToken cancellationToken)
            {
                await Task.Delay(200, cancellationToken);
                return replicate;
            }

            /// <summary>24 points of 300 ms that do not watch for cancellation, as a CPU-bound kernel; returns the replicate.</summary>
            [Experiment]
            public static int Busy([Replicates(24)] int replicate)
            {
                Thread.Sleep(300);
                return replicate;
            }

            /// <summary>Shares its method name with Arithmetic.Sum.</summary>
            [Experiment]
            public static int Sum([Grid(1, 2)] int x) => x + x;

            /// <summary>33 quick points whose keys sort differently as text than in the grid (samples=1000 before 10000, replicate 2 before 10).</summary>
            [Experiment]
            public static int Samples([Grid(100, 1000, 10000)] int samples, [Replicates(11)] int replicate) => samples + replicate;
        }
        """;

    /// <summary><c>Drawing.Draw</c>: 3 points that each write a text file and, in a subfolder, n kB of data to their artifacts directory.</summary>
    public const string DrawingSource = """
        using Experiments;

        namespace Sweeps;

        /// <summary>Added by the tool's end-to-end tests: points that leave files.</summary>
        public static class Drawing
        {
            [Experiment]
            public static int Draw([Grid(1, 2, 3)] int n, ExperimentContext context)
            {
                File.WriteAllText(Path.Combine(context.ArtifactsDirectory, "figure.txt"), $"figure of n={n}");
                Directory.CreateDirectory(Path.Combine(context.ArtifactsDirectory, "data"));
                File.WriteAllBytes(Path.Combine(context.ArtifactsDirectory, "data", "samples.bin"), new byte[1000 * n]);
                return n;
            }
        }
        """;

    private FixtureProject? _project;

    public FixtureProject Project => _project ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string Directory => Project.ProjectDirectory;

    public ToolRunner Tool => new(Project);

    public async ValueTask InitializeAsync() => _project = await CopyAndBuildAsync(("Paced.cs", PacedSource), ("Drawing.cs", DrawingSource));

    /// <summary>
    /// A temporary copy of tests/Fixtures/Sweeps built through the generator, as a user's project is built (the fixture
    /// can also stand in for it by hand), with <paramref name="extraSources"/> added.
    /// </summary>
    public static async Task<FixtureProject> CopyAndBuildAsync(params (string Name, string Text)[] extraSources)
    {
        var project = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        File.WriteAllText(Path.Combine(project.ProjectDirectory, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <SweepsHandWrittenRegistry>false</SweepsHandWrittenRegistry>
              </PropertyGroup>
              <Import Project="../Directory.Build.props" />
            </Project>
            """);
        foreach (var (name, text) in extraSources)
            File.WriteAllText(Path.Combine(project.ProjectDirectory, name), text);
        var first = await new ToolRunner(project).RunAsync(TimeSpan.FromMinutes(8), "list");
        if (first.ExitCode != 0)
        {
            project.Dispose();
            throw new InvalidOperationException($"The first build of the Sweeps copy through the tool failed:\n{first}");
        }
        return project;
    }

    /// <summary>Removes what earlier tests left: results files, collected artifacts and the run journal.</summary>
    public void Reset()
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.results.json", SearchOption.AllDirectories))
            File.Delete(file);
        foreach (var folder in System.IO.Directory.GetDirectories(Directory, "*.artifacts", SearchOption.AllDirectories))
            System.IO.Directory.Delete(folder, recursive: true);
        // What `report` writes beside the results files goes with them.
        var report = Path.Combine(Directory, "report");
        if (System.IO.Directory.Exists(report))
            System.IO.Directory.Delete(report, recursive: true);
        var journal = Path.Combine(Directory, ".experiments");
        if (System.IO.Directory.Exists(journal))
            System.IO.Directory.Delete(journal, recursive: true);
    }

    public string ResultsFile(string name) => Path.Combine(Directory, name + ".results.json");

    public ValueTask DisposeAsync()
    {
        _project?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SweepsCollection : ICollectionFixture<SweepsProject>
{
    public const string Name = "Sweeps";
}
