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

    /// <summary>Prefixes (and names) of the test-platform files the worker never loads.</summary>
    private static readonly string[] TestPlatformFiles =
    [
        "Microsoft.TestPlatform.",
        "Microsoft.VisualStudio.TestPlatform.",
        "Microsoft.VisualStudio.CodeCoverage.Shim.dll",
        "testhost.dll",
        "xunit.runner.visualstudio.",
    ];

    public static bool IsTestPlatformFile(string fileName) =>
        TestPlatformFiles.Any(p => p.EndsWith(".dll", StringComparison.Ordinal)
            ? string.Equals(fileName, p, StringComparison.OrdinalIgnoreCase)
            : fileName.StartsWith(p, StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));

    /// <summary>Deletes the test-platform files at the top of <paramref name="appDirectory"/> and their deps.json entries.</summary>
    /// <returns>The bytes removed.</returns>
    public static long RemoveTestPlatform(string appDirectory, string assemblyName)
    {
        var removed = Directory.GetFiles(appDirectory).Where(f => IsTestPlatformFile(Path.GetFileName(f))).ToArray();
        if (removed.Length == 0)
            return 0;
        var bytes = removed.Sum(f => new FileInfo(f).Length);
        var names = removed.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var depsFile = Path.Combine(appDirectory, assemblyName + ".deps.json");
        if (File.Exists(depsFile))
        {
            var deps = JsonNode.Parse(File.ReadAllText(depsFile))!.AsObject();
            foreach (var (_, target) in deps["targets"]?.AsObject() ?? [])
            {
                foreach (var (_, library) in target?.AsObject() ?? [])
                {
                    if (library?["runtime"] is not JsonObject runtime)
                        continue;
                    foreach (var asset in runtime.Select(a => a.Key).Where(a => names.Contains(a[(a.LastIndexOf('/') + 1)..])).ToArray())
                        runtime.Remove(asset);
                }
            }
            File.WriteAllText(depsFile, deps.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        foreach (var file in removed)
            File.Delete(file);
        return bytes;
    }
}
