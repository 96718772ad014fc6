using System.Text.Json;
using Experiments.Packaging.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package;

/// <summary>
/// <c>dotnet new experiments</c> as a newcomer uses it: the template installed from the feed (into a template cache of
/// the test's own, so the machine's is untouched), a project created, the tool restored from its manifest, then one
/// point run with <c>dotnet test</c> and the whole sweep with <c>dotnet experiment run</c>.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class TemplateTests(PackageFeed feed)
{
    [Fact]
    public async Task A_project_from_the_template_runs_one_point_as_a_test_and_the_sweep_with_the_tool()
    {
        var template = await feed.PackTemplatesAsync();
        using var temp = new TempDirectory("template");
        var hive = temp.Combine("template-hive");
        // Empty Directory.Build/Packages files above the project stop MSBuild from finding strays in /tmp.
        File.WriteAllText(temp.Combine("Directory.Build.props"), "<Project />");
        File.WriteAllText(temp.Combine("Directory.Build.targets"), "<Project />");
        File.WriteAllText(temp.Combine("Directory.Packages.props"), "<Project />");
        var project = temp.Combine("MyStudy");

        await Dotnet.RunAsync(temp.Path, PackageFeed.Isolated, "new", "install", template, "--debug:custom-hive", hive);
        await Dotnet.RunAsync(temp.Path, PackageFeed.Isolated,
            "new", "experiments", "-n", "MyStudy", "--feed", feed.FeedDirectory, "--debug:custom-hive", hive);

        Assert.Equal(
            [".config/dotnet-tools.json", ".gitignore", "MyStudy.csproj", "Study.cs", "global.json", "nuget.config"],
            Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Contains($"""<PackageReference Include="Experiments" Version="{feed.Version}" />""", File.ReadAllText(Path.Combine(project, "MyStudy.csproj")));
        Assert.Contains("""<PackageReference Include="xunit.v3" Version="4.0.3" />""", File.ReadAllText(Path.Combine(project, "MyStudy.csproj")));
        using (var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "global.json"))))
            Assert.Equal("Microsoft.Testing.Platform", globalJson.RootElement.GetProperty("test").GetProperty("runner").GetString());
        using (var tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, ".config", "dotnet-tools.json"))))
            Assert.Equal(feed.Version, tools.RootElement.GetProperty("tools").GetProperty("experiments.tool").GetProperty("version").GetString());

        await Dotnet.RunAsync(project, PackageFeed.Isolated, "tool", "restore");

        // One point, as the IDE runs it: built by dotnet test, on Microsoft.Testing.Platform.
        var point = await Dotnet.RunAsync(project, PackageFeed.Isolated,
            "test", "-c", "Release", "--filter", @"Point=samples\=100;noise\=1.5;replicate\=2", "--explicit", "on", "--output", "Detailed");
        Assert.Contains("passed MyStudy.Study.MeanOfNoisySamples(samples: 100, noise: 1.5, replicate: 2)", point.StandardOutput);
        Assert.Contains("succeeded: 1", point.StandardOutput);
        Assert.Contains("\"mean\":", point.StandardOutput);

        // The sweep, through the tool the manifest restored.
        var sweep = await Dotnet.RunAsync(project, PackageFeed.Isolated, "experiment", "run");
        Assert.Contains("36 succeeded, 0 failed", sweep.StandardOutput);
        var results = ResultsFileReader.ReadIfExists(Path.Combine(project, "Study.MeanOfNoisySamples.results.json"));
        Assert.NotNull(results);
        Assert.Equal(36, results.Points.Count);
        Assert.All(results.Points, p => Assert.True(p.IsSucceeded, p.Key));
    }
}
