using System.Text.Json;
using System.Text.Json.Nodes;

namespace Experiments.Backends.Publishing;

/// <summary>
/// Keeps out of a published worker what only <c>dotnet test</c> needs: the VSTest platform (test host, adapters, code
/// coverage shim) that <c>Microsoft.NET.Test.Sdk</c> and <c>xunit.runner.visualstudio</c> bring, and satellite resource
/// assemblies (<see cref="PublishProperty"/>). The worker runs points through the Experiments runtime and loads none
/// of them; they made up much of every package copied to a cluster. The app's <c>.deps.json</c> loses their entries too,
/// since the host refuses to start an app whose listed assemblies are missing.
/// </summary>
public static class WorkerTrimming
{
    /// <summary>Publishes only the neutral (English) resources: no <c>cs/</c>, <c>de/</c>, … folders.</summary>
    public const string PublishProperty = "-p:SatelliteResourceLanguages=en";

    /// <summary>
    /// An MSBuild file the publish imports (<c>CustomAfterMicrosoftCommonTargets</c>) that undoes what
    /// <c>Microsoft.CodeCoverage</c>'s <c>CopyTraceDataCollectorArtifacts</c> adds to every publish: its collector,
    /// instrumentation engines for six platforms and their dependencies (about 25 MB). Before 18.x the package copies
    /// them into the publish folder itself, ahead of the app's own files (which then land over any it shares), so they
    /// are deleted there; from 18.x they are publish items, so they are removed from the list.
    /// </summary>
    public const string LeaveOutCodeCoverageTargets = """
        <Project>
          <Target Name="ExperimentsLeaveOutCodeCoverage" AfterTargets="CopyTraceDataCollectorArtifacts">
            <Delete Files="@(TraceDataCollectorArtifacts->'$(PublishDir)%(RecursiveDir)%(Filename)%(Extension)')" />
            <ItemGroup>
              <ResolvedFileToPublish Remove="@(TraceDataCollectorArtifacts)" />
            </ItemGroup>
          </Target>
        </Project>
        """;

    /// <summary>Prefixes (and names) of the test-platform files the worker never loads.</summary>
    private static readonly string[] TestPlatformFiles =
    [
        "Microsoft.TestPlatform.",
        "Microsoft.VisualStudio.TestPlatform.",
        "Microsoft.VisualStudio.CodeCoverage.Shim.dll",
        "Microsoft.VisualStudio.TraceDataCollector.",
        "Microsoft.CodeCoverage.",
        "testhost.dll",
        "xunit.runner.visualstudio.",
    ];

    /// <summary>A test-platform assembly, or one's satellite resources (<c>de/testhost.resources.dll</c>, by file name).</summary>
    public static bool IsTestPlatformFile(string fileName)
    {
        const string resources = ".resources.dll";
        if (fileName.EndsWith(resources, StringComparison.OrdinalIgnoreCase))
            fileName = fileName[..^resources.Length] + ".dll";
        return TestPlatformFiles.Any(p => p.EndsWith(".dll", StringComparison.Ordinal)
            ? string.Equals(fileName, p, StringComparison.OrdinalIgnoreCase)
            : fileName.StartsWith(p, StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Deletes the test-platform files at the top of <paramref name="appDirectory"/> and their deps.json entries.</summary>
    /// <returns>The bytes removed.</returns>
    public static long RemoveTestPlatform(string appDirectory, string assemblyName)
    {
        // The app's own folder and its culture folders (the code coverage package copies its resources there itself,
        // whatever SatelliteResourceLanguages says); the runtime's subfolders hold nothing of the test platform.
        var removed = Directory.GetFiles(appDirectory)
            .Concat(Directory.GetDirectories(appDirectory).SelectMany(Directory.GetFiles))
            .Where(f => IsTestPlatformFile(Path.GetFileName(f)))
            .ToArray();
        if (removed.Length == 0)
        {
            RemoveEmptyFolders(appDirectory);
            return 0;
        }
        var bytes = removed.Sum(f => new FileInfo(f).Length);
        var depsFile = Path.Combine(appDirectory, assemblyName + ".deps.json");
        if (File.Exists(depsFile))
        {
            var deps = JsonNode.Parse(File.ReadAllText(depsFile))!.AsObject();
            foreach (var (_, target) in deps["targets"]?.AsObject() ?? [])
            {
                foreach (var (_, library) in target?.AsObject() ?? [])
                {
                    foreach (var kind in (string[])["runtime", "resources"])
                    {
                        if (library?[kind] is not JsonObject assets)
                            continue;
                        foreach (var asset in assets.Select(a => a.Key).Where(a => IsTestPlatformFile(a[(a.LastIndexOf('/') + 1)..])).ToArray())
                            assets.Remove(asset);
                    }
                }
            }
            File.WriteAllText(depsFile, deps.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        foreach (var file in removed)
            File.Delete(file);
        RemoveEmptyFolders(appDirectory);
        return bytes;
    }

    /// <summary>Folders left empty by what was left out (the code coverage layout, test-platform cultures).</summary>
    private static void RemoveEmptyFolders(string directory)
    {
        foreach (var folder in Directory.GetDirectories(directory))
        {
            RemoveEmptyFolders(folder);
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
        }
    }
}
