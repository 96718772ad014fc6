using System.Diagnostics;
using Experiments.Backends;
using Experiments.Backends.Container;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;

namespace Experiments.Containers.Tests.Support;

/// <summary>The tests of the published Sweeps image share one build and one first publish of it.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedSweepsCollection : ICollectionFixture<PublishedSweeps>
{
    public const string Name = "Published Sweeps";
}

/// <summary>
/// tests/Fixtures/Sweeps, copied, built, and published as an image to the test registry on the test base image, into a
/// repository of this test run's own (the same build gives the same tag every run, so a shared repository would make
/// every run after the first skip the publish under test). Null <see cref="Package"/> when the registry is not up.
/// </summary>
public sealed class PublishedSweeps : IAsyncLifetime
{
    private readonly Lock _unpackGate = new();
    private readonly TempDirectory _unpackDirectory = new("image");
    private FixtureProject? _project;
    private Task<PushedImage>? _unpacked;

    public string? UnavailableBecause { get; private set; }

    public ContainerImageOptions Options { get; } = new()
    {
        Registry = RegistryService.Address,
        Repository = "experiments-tests/sweeps-" + Guid.NewGuid().ToString("N")[..8],
        BaseImage = RegistryService.BaseImage,
        PlainHttp = true,
    };

    public PackageRequest Request { get; private set; } = null!;

    public PreparedPackage Package { get; private set; } = null!;

    public IReadOnlyList<string> FirstPublishLog { get; private set; } = [];

    public TimeSpan FirstPublishTime { get; private set; }

    public IReadOnlyList<ExperimentDescriptor> Experiments { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        UnavailableBecause = await RegistryService.WhyUnavailableAsync();
        if (UnavailableBecause is not null)
            return;
        _project = FixtureProject.Copy(RepositoryPaths.Fixture("Sweeps"));
        await _project.BuildAsync(timeout: TimeSpan.FromMinutes(8));
        // The publishes run dotnet as child processes of this one: they must build the repository projects the copy
        // references into the copy's artifacts path too, never into the shared tree.
        foreach (var (name, value) in _project.BuildEnvironment)
            Environment.SetEnvironmentVariable(name, value);
        var output = _project.OutputDirectory();
        Experiments = Manifest.Descriptors(Manifest.Load(Path.Combine(output, ManifestModel.FileName)));
        Request = new PackageRequest(output, "Sweeps", _project.ProjectFile, "Release");

        var log = new List<string>();
        var clock = Stopwatch.StartNew();
        Package = await ContainerPublisher.PublishAsync(Request, Options, AnonymousRegistryCredentials.Instance, CancellationToken.None, log.Add);
        FirstPublishTime = clock.Elapsed;
        FirstPublishLog = log;
    }

    /// <summary>The published image, copied out of the registry and unpacked once for the tests that run it.</summary>
    public Task<PushedImage> UnpackedAsync()
    {
        lock (_unpackGate)
        {
            _unpacked ??= PushedImage.UnpackAsync(Package.Location, _unpackDirectory.Path);
            return _unpacked;
        }
    }

    public ExperimentDescriptor Experiment(string name) =>
        Experiments.SingleOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"The Sweeps fixture has no experiment {name}; it has {string.Join(", ", Experiments.Select(e => e.Name))}.");

    public ValueTask DisposeAsync()
    {
        _project?.Dispose();
        _unpackDirectory.Dispose();
        return ValueTask.CompletedTask;
    }
}
