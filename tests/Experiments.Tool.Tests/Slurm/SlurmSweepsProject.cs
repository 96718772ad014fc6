using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.TestSupport;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Slurm;

/// <summary>
/// A copy of tests/Fixtures/Sweeps for the Slurm end-to-end tests, built once, with a shared directory for the cluster
/// beside it. The tests of the "SlurmSweeps" collection run one at a time; each writes the experiments.json it needs and
/// starts from <see cref="Reset"/>. The package published by the first run is reused by the others (same build, same
/// package id), as it would be for a user.
/// </summary>
public sealed class SlurmSweepsProject : IAsyncLifetime
{
    private FixtureProject? _project;

    public FixtureProject Project => _project ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string Directory => Project.ProjectDirectory;

    /// <summary>The cluster's shared directory for these tests (a local folder: the test cluster is this machine).</summary>
    public string SharedDirectory => Path.Combine(Path.GetDirectoryName(Directory)!, "slurm-shared");

    public ToolRunner Tool => new(Project);

    public string ConfigFile => Path.Combine(Directory, "experiments.json");

    public async ValueTask InitializeAsync() => _project = await SweepsProject.CopyAndBuildAsync(("Drawing.cs", SweepsProject.DrawingSource));

    /// <summary>Removes results files, the journal and the config file earlier tests left.</summary>
    public void Reset()
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.results.json", SearchOption.AllDirectories))
            File.Delete(file);
        foreach (var folder in System.IO.Directory.GetDirectories(Directory, "*.artifacts", SearchOption.AllDirectories))
            System.IO.Directory.Delete(folder, recursive: true);
        var journal = Path.Combine(Directory, ".experiments", "runs");
        if (System.IO.Directory.Exists(journal))
            System.IO.Directory.Delete(journal, recursive: true);
        if (File.Exists(ConfigFile))
            File.Delete(ConfigFile);
    }

    /// <summary>Removes the published app and the packages on the cluster, so the next Slurm run publishes and copies afresh.</summary>
    public void ForgetPackages()
    {
        foreach (var folder in (string[])[Path.Combine(Directory, ".experiments", "publish"), Path.Combine(SharedDirectory, "packages")])
        {
            if (System.IO.Directory.Exists(folder))
                System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes experiments.json with a slurm section: the shared directory plus <paramref name="settings"/>.</summary>
    public void WriteSlurmConfig(object? settings = null, string? sharedDirectory = null)
    {
        var section = settings is null ? new JsonObject() : JsonSerializer.SerializeToNode(settings)!.AsObject();
        section["sharedDirectory"] = sharedDirectory ?? SharedDirectory;
        var config = new JsonObject { ["slurm"] = section };
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public string ResultsFile(string name) => Path.Combine(Directory, name + ".results.json");

    /// <summary>The run ids in the journal, oldest first.</summary>
    public IReadOnlyList<string> RunIds()
    {
        var runs = Path.Combine(Directory, ".experiments", "runs");
        return System.IO.Directory.Exists(runs)
            ? System.IO.Directory.GetDirectories(runs).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    /// <summary>The Slurm job ids the journal holds for a run.</summary>
    public IReadOnlyList<string> JobIds(string runId)
    {
        var path = Path.Combine(Directory, ".experiments", "runs", runId, "submissions.json");
        if (!File.Exists(path))
            return [];
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().SelectMany(s => s.GetProperty("jobIds").EnumerateArray().Select(j => j.GetString()!)).ToArray();
    }

    public ValueTask DisposeAsync()
    {
        // Nothing of these tests may stay in the queue, whatever happened.
        foreach (var run in RunIds())
        {
            var jobs = JobIds(run);
            if (jobs.Count > 0)
                ProcessRunner.RunAsync("scancel", jobs, Directory, timeout: TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
        _project?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmSweepsCollection : ICollectionFixture<SlurmSweepsProject>
{
    public const string Name = "SlurmSweeps";
}
