using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Cloud.Support;

/// <summary>
/// A copy of tests/Fixtures/Sweeps for the cloud end-to-end tests, built once and shared by the three cloud backends:
/// they push the same build to the same test registry, so the image is built and pushed by the first test only and
/// unpacked once (<see cref="Images"/>). Each test writes the experiments.json section it needs and starts from
/// <see cref="Reset"/>; the local backend's outcomes, the reference every cloud run must match, are computed once.
/// </summary>
public sealed class CloudSweepsProject : IAsyncLifetime
{
    /// <summary>
    /// Successes, exceptions with retries, a point-level timeout, a runaway point (the worker exits 124 and the service
    /// runs the task again) and a crash (Environment.Exit; the service's retry records it).
    /// </summary>
    public static readonly string[] Experiments =
    [
        "Sweeps.Arithmetic.Sum", "Sweeps.Arithmetic.Print", "Sweeps.Failing.Throw", "Sweeps.Flaky.SecondTime",
        "Sweeps.Slow.Sleep", "Sweeps.Slow.Runaway", "Sweeps.Crashing.Exit",
    ];

    /// <summary>The repository the cloud tests push to, in the open test registry.</summary>
    public const string Repository = "experiments-test/cloud-sweeps";

    private FixtureProject? _project;
    private TempDirectory? _work;
    private (int ExitCode, IReadOnlyDictionary<string, string> Outcomes)? _local;

    public FixtureProject Project => _project ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string Directory => Project.ProjectDirectory;

    public string ConfigFile => Path.Combine(Directory, "experiments.json");

    /// <summary>Scratch space for the tests (unpacked images, emulator state).</summary>
    public string WorkDirectory => (_work ?? throw new InvalidOperationException("The fixture is not initialised.")).Path;

    public UnpackedImages Images { get; private set; } = null!;

    /// <summary>Why the test registry cannot be used, or null.</summary>
    public string? RegistryUnavailable { get; private set; }

    public ToolRunner Tool => new(Project);

    public ToolRunner ToolWith(IReadOnlyDictionary<string, string?> environment) => new(Project, environment);

    public async ValueTask InitializeAsync()
    {
        _work = new TempDirectory();
        Images = new UnpackedImages(Path.Combine(_work.Path, "images"));
        RegistryUnavailable = await RegistryService.WhyUnavailableAsync();
        _project = await SweepsProject.CopyAndBuildAsync(("Drawing.cs", SweepsProject.DrawingSource));
    }

    /// <summary>Fails in CI, skips elsewhere, when the test registry is not up.</summary>
    public void RequireRegistry() =>
        RequiredService.Require("the container registry", RegistryUnavailable, RegistryService.StartCommand);

    /// <summary>A fleet that runs tasks from this project's pushed image, with what the compute environment provides.</summary>
    public ImageFleet Fleet(IReadOnlyDictionary<string, string> cloudEnvironment) => new(Images, cloudEnvironment);

    /// <summary>Removes results files, the run journal and the config file earlier tests left; the publish cache stays.</summary>
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

    /// <summary>
    /// The settings every cloud section has for the image: the open test registry (plain HTTP), this repository and the
    /// base image kept there.
    /// </summary>
    public static JsonObject ImageSettings() => new()
    {
        ["registry"] = RegistryService.Address,
        ["repository"] = Repository,
        ["baseImage"] = RegistryService.BaseImage,
        ["plainHttpRegistry"] = true,
    };

    /// <summary>Writes experiments.json with one section: <see cref="ImageSettings"/> plus <paramref name="settings"/> (which win).</summary>
    public void WriteConfig(string backend, JsonObject settings)
    {
        var section = ImageSettings();
        foreach (var (key, value) in settings)
            section[key] = value?.DeepClone();
        var config = new JsonObject { [backend] = section };
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The local backend's exit code and outcomes for <see cref="Experiments"/>: computed on the first call, then kept.
    /// Leaves the project reset.
    /// </summary>
    public async Task<(int ExitCode, IReadOnlyDictionary<string, string> Outcomes)> LocalOutcomesAsync()
    {
        if (_local is { } known)
            return known;
        Reset();
        var local = await Tool.RunAsync(TimeSpan.FromMinutes(5), ["run", .. Experiments, "--no-build", "-m", "local reference"]);
        if (local.ExitCode is not (0 or 1))
            throw new InvalidOperationException($"The local reference run failed:\n{local}");
        _local = (local.ExitCode, Outcomes());
        Reset();
        return _local.Value;
    }

    /// <summary>
    /// What each point of <see cref="Experiments"/> came to, by experiment and key: status, seed, attempts, result and
    /// error kind — what must not depend on the backend.
    /// </summary>
    public IReadOnlyDictionary<string, string> Outcomes() =>
        Experiments
            .Where(e => File.Exists(ResultsFile(e["Sweeps.".Length..])))
            .SelectMany(e => ResultsText.Read(ResultsFile(e["Sweeps.".Length..])).Points.Select(p => (e, p)))
            .ToDictionary(
                x => $"{x.e}:{x.p.Key}",
                x => $"{x.p.Status} seed={x.p.Seed} attempts={x.p.Attempts} result={x.p.Result?.GetRawText()} error={x.p.Error?.Kind}");

    /// <summary>Asserts that the cloud run's outcomes are the local run's, point by point.</summary>
    public async Task AssertSameOutcomesAsLocalAsync(string backendName, string diagnostics)
    {
        var (_, expected) = await LocalOutcomesAsync();
        var actual = Outcomes();
        var missing = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, $"{backendName} has no results for {string.Join(", ", missing)}{Environment.NewLine}{diagnostics}");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, outcome) in expected)
            Assert.True(outcome == actual[key], $"{key}: local {outcome}, {backendName} {actual[key]}{Environment.NewLine}{diagnostics}");
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

    /// <summary>The journaled submissions of a run (submissions.json), as JSON.</summary>
    public JsonElement Submissions(string runId)
    {
        var path = Path.Combine(Directory, ".experiments", "runs", runId, "submissions.json");
        return JsonDocument.Parse(File.Exists(path) ? File.ReadAllText(path) : "[]").RootElement.Clone();
    }

    public ValueTask DisposeAsync()
    {
        _project?.Dispose();
        _work?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CloudSweepsCollection : ICollectionFixture<CloudSweepsProject>
{
    public const string Name = "CloudSweeps";
}
