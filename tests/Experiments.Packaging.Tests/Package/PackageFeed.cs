using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package;

/// <summary>
/// The `Experiments` package and the `Experiments.Tool` tool packed from this repository into a folder feed, with a
/// version no earlier test run used, so NuGet's global packages folder cannot serve a stale copy; and a user's project
/// restored from that feed and built once. The copies that restoring leaves in the global packages folder are removed
/// afterwards.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("package-feed");
    private UserProject? _userProject;
    private readonly TempDirectory _tools = new("tool-path");
    private Task<string>? _tool;

    public string Version { get; } = "0.1.0-test.t" + Guid.NewGuid().ToString("N")[..12];

    public string FeedDirectory => _temp.Combine("feed");

    public string PackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    /// <summary>A user's project that references the package, built (Release) once.</summary>
    public UserProject UserProject => _userProject ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async ValueTask InitializeAsync()
    {
        var artifacts = _temp.Combine("artifacts");
        await Pack(Path.Combine(RepositoryPaths.Root, "nuget", "Experiments.Package.csproj"), artifacts);
        await Pack(Path.Combine(RepositoryPaths.Root, "src", "Tool", "Experiments.Tool.csproj"), artifacts);
        _userProject = new UserProject(this);
        await _userProject.BuildAsync();
    }

    /// <summary>Packs the <c>dotnet new</c> template package (nuget/Experiments.Templates.csproj) into the feed; returns its path.</summary>
    public async Task<string> PackTemplatesAsync()
    {
        await Pack(Path.Combine(RepositoryPaths.Root, "nuget", "Experiments.Templates.csproj"), _temp.Combine("artifacts"));
        return PackagePath("Experiments.Templates");
    }

    /// <summary>The <c>dotnet-experiment</c> command, installed from the feed into a tool path of its own on first use.</summary>
    public Task<string> InstalledToolAsync() => _tool ??= InstallTool();

    private async Task<string> InstallTool()
    {
        await Dotnet.RunAsync(_tools.Path, Isolated,
            "tool", "install", "--tool-path", _tools.Path, "--add-source", FeedDirectory, "--version", Version, "Experiments.Tool");
        return Path.Combine(_tools.Path, "dotnet-experiment");
    }

    public ValueTask DisposeAsync()
    {
        _userProject?.Dispose();
        _tools.Dispose();
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "experiments", "experiments.tool" })
        {
            var restored = Path.Combine(globalPackages, id, Version);
            if (Directory.Exists(restored))
                Directory.Delete(restored, recursive: true);
            try
            {
                var versions = Path.Combine(globalPackages, id);
                if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any())
                    Directory.Delete(versions);
            }
            catch (IOException)
            {
                // Another run restored a version in the meantime: the folder is theirs now.
            }
        }
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task Pack(string project, string artifacts) =>
        await Dotnet.RunAsync(
            RepositoryPaths.Root,
            Isolated,
            "pack", project, "-c", "Release", "-o", FeedDirectory, "--artifacts-path", artifacts, $"-p:Version={Version}", "-nologo");

    /// <summary>No artifacts-output settings leak in from whoever runs the tests: packing and the user's build pick their own.</summary>
    public static IReadOnlyDictionary<string, string?> Isolated { get; } = new Dictionary<string, string?>
    {
        ["UseArtifactsOutput"] = null,
        ["ArtifactsPath"] = null,
    };
}
