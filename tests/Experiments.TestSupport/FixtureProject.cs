namespace Experiments.TestSupport;

/// <summary>
/// A copy of an experiment project (a fixture or a sample) in a temporary directory, wired to this repository's
/// runtime, generator and MSBuild integration, and built with its own artifacts path — so tests never write bin/,
/// obj/, results files or journals into the shared tree, and test projects can build fixtures at the same time.
/// </summary>
public sealed class FixtureProject : IDisposable
{
    private readonly TempDirectory _temp;

    private FixtureProject(TempDirectory temp, string projectDirectory, string projectFile)
    {
        _temp = temp;
        ProjectDirectory = projectDirectory;
        ProjectFile = projectFile;
        ArtifactsPath = temp.Combine("artifacts");
    }

    /// <summary>The copy's project directory (sources, results files and .experiments/ land here).</summary>
    public string ProjectDirectory { get; }

    public string ProjectFile { get; }

    /// <summary>Where bin/ and obj/ of the copy and of the repository projects it references go.</summary>
    public string ArtifactsPath { get; }

    /// <summary>
    /// Environment that sends every build started for this copy (by a test or by the tool under test) to
    /// <see cref="ArtifactsPath"/>, including the referenced repository projects.
    /// </summary>
    public IReadOnlyDictionary<string, string?> BuildEnvironment => new Dictionary<string, string?>
    {
        ["UseArtifactsOutput"] = "true",
        ["ArtifactsPath"] = ArtifactsPath,
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>Copies <paramref name="sourceDirectory"/> (without bin/obj/.experiments/results files) into a temp directory.</summary>
    public static FixtureProject Copy(string sourceDirectory, bool keepResultsFiles = false)
    {
        var temp = new TempDirectory("fixture");
        var name = new DirectoryInfo(sourceDirectory).Name;
        var target = temp.Combine(name);
        CopyTree(sourceDirectory, target, keepResultsFiles);
        WriteWiring(temp.Path);
        var projectFile = Directory.GetFiles(target, "*.csproj").Single();
        return new FixtureProject(temp, target, projectFile);
    }

    /// <summary>Builds the copy (Release unless told otherwise) and throws with the build output when it fails.</summary>
    public async Task<ProcessResult> BuildAsync(string configuration = "Release", TimeSpan? timeout = null)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["build", ProjectFile, "-c", configuration, "-nologo", "-clp:NoSummary"],
            ProjectDirectory,
            BuildEnvironment,
            timeout ?? TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Building {ProjectFile} failed:\n{result}");
        return result;
    }

    /// <summary>The built app's directory under the artifacts path (bin/NAME/release).</summary>
    public string OutputDirectory(string configuration = "Release") =>
        Path.Combine(ArtifactsPath, "bin", Path.GetFileNameWithoutExtension(ProjectFile), configuration.ToLowerInvariant());

    public void Dispose() => _temp.Dispose();

    private static void CopyTree(string source, string target, bool keepResultsFiles)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var fileName = Path.GetFileName(file);
            if (!keepResultsFiles && fileName.EndsWith(".results.json", StringComparison.Ordinal))
                continue;
            File.Copy(file, Path.Combine(target, fileName));
        }
        foreach (var dir in Directory.GetDirectories(source))
        {
            var dirName = Path.GetFileName(dir);
            if (dirName is "bin" or "obj" or ".experiments" or "TestResults")
                continue;
            CopyTree(dir, Path.Combine(target, dirName), keepResultsFiles);
        }
    }

    // The copy sits outside the repository, so the Directory.Build/Packages files that wire it in are written beside it.
    private static void WriteWiring(string directory)
    {
        var root = RepositoryPaths.Root;
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{root}/Directory.Build.props" />
              <Import Project="{root}/nuget/InRepo/Experiments.InRepo.props" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), $"""
            <Project>
              <Import Project="{root}/nuget/InRepo/Experiments.InRepo.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), $"""
            <Project>
              <Import Project="{root}/Directory.Packages.props" />
            </Project>
            """);
    }
}
