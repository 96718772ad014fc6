using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// A copy of the Sweeps fixture with grids of fast points, built once: what the local hot path's guarantees are tested
/// on at the speed it runs (points a few microseconds long, records and protocol lines written in batches).
/// </summary>
public sealed class ManyPointsProject : IAsyncLifetime
{
    public const string Source = """
        using Experiments;

        namespace Sweeps;

        public static class Many
        {
            /// <summary>100,000 no-op points (400 × 250): returns a * 1000 + b.</summary>
            [Experiment]
            public static int Point([Range(0, 399, 1)] int a, [Range(0, 249, 1)] int b) => a * 1000 + b;

            /// <summary>1,000,000 no-op points (1,000 × 1,000): returns a * 1000 + b.</summary>
            [Experiment]
            public static int Million([Range(0, 999, 1)] int a, [Range(0, 999, 1)] int b) => a * 1000 + b;

            /// <summary>
            /// 3,000 fast points among which i % 500 == 7 throws, i = 1234 runs past its 1 s timeout (and returns within
            /// the grace period) and i = 2345 takes its worker process down. Returns i.
            /// </summary>
            [Experiment(Timeout = "00:00:01")]
            public static int Mixed([Range(0, 2999, 1)] int i)
            {
                if (i % 500 == 7)
                    throw new InvalidOperationException($"deliberate failure at i={i}");
                if (i == 1234)
                    Thread.Sleep(1500);
                if (i == 2345)
                    Environment.FailFast($"deliberate crash at i={i}");
                return i;
            }
        }
        """;

    private FixtureProject? _project;

    public FixtureProject Project => _project ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string Directory => Project.ProjectDirectory;

    public ToolRunner Tool => new(Project);

    public async ValueTask InitializeAsync() => _project = await SweepsProject.CopyAndBuildAsync(("Many.cs", Source));

    public void Reset()
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.results.json", SearchOption.AllDirectories))
            File.Delete(file);
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
public sealed class ManyPointsCollection : ICollectionFixture<ManyPointsProject>
{
    public const string Name = "ManyPoints";
}
