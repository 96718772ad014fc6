using System.Text.Json.Nodes;
using Experiments.Backends.Publishing;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Packaging;

/// <summary>What <see cref="WorkerTrimming"/> leaves in a published folder: the app, never the test platform.</summary>
public sealed class WorkerTrimmingTests : IDisposable
{
    private readonly TempDirectory _temp = new("trim");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Test_platform_files_and_their_deps_entries_go_and_the_app_and_its_libraries_stay()
    {
        var app = _temp.Path;
        foreach (var file in (string[])["Sweeps", "Sweeps.dll", "xunit.v3.core.dll", "Newtonsoft.Json.dll", "testhost.dll",
                     "Microsoft.TestPlatform.CoreUtilities.dll", "Microsoft.VisualStudio.TestPlatform.ObjectModel.dll",
                     "xunit.runner.visualstudio.testadapter.dll", "Microsoft.Testing.Platform.dll"])
            File.WriteAllBytes(Path.Combine(app, file), new byte[1000]);
        Directory.CreateDirectory(Path.Combine(app, "de"));
        File.WriteAllBytes(Path.Combine(app, "de", "Microsoft.TestPlatform.CoreUtilities.resources.dll"), new byte[10]);
        File.WriteAllText(Path.Combine(app, "Sweeps.deps.json"), """
            {
              "targets": {
                ".NETCoreApp,Version=v10.0/linux-x64": {
                  "Microsoft.TestPlatform.ObjectModel/17.14.1": {
                    "runtime": {
                      "lib/net8.0/Microsoft.TestPlatform.CoreUtilities.dll": {},
                      "lib/net8.0/Microsoft.VisualStudio.TestPlatform.ObjectModel.dll": {}
                    },
                    "resources": { "lib/net8.0/de/Microsoft.TestPlatform.CoreUtilities.resources.dll": { "locale": "de" } }
                  },
                  "Newtonsoft.Json/13.0.3": { "runtime": { "lib/net6.0/Newtonsoft.Json.dll": {} } }
                }
              }
            }
            """);

        var removed = WorkerTrimming.RemoveTestPlatform(app, "Sweeps");

        Assert.Equal(4010, removed);
        Assert.Equal(
            ["Microsoft.Testing.Platform.dll", "Newtonsoft.Json.dll", "Sweeps", "Sweeps.deps.json", "Sweeps.dll", "xunit.v3.core.dll"],
            Directory.GetFileSystemEntries(app).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var targets = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "Sweeps.deps.json")))!["targets"]![".NETCoreApp,Version=v10.0/linux-x64"]!;
        Assert.Empty(targets["Microsoft.TestPlatform.ObjectModel/17.14.1"]!["runtime"]!.AsObject());
        Assert.Empty(targets["Microsoft.TestPlatform.ObjectModel/17.14.1"]!["resources"]!.AsObject());
        Assert.NotNull(targets["Newtonsoft.Json/13.0.3"]!["runtime"]!["lib/net6.0/Newtonsoft.Json.dll"]);
    }
}
