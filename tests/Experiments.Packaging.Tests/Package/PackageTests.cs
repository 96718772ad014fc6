using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Experiments.Packaging.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package;

/// <summary>The package and the tool exactly as a user gets them: packed, restored from a feed, built, run, installed.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageTests(PackageFeed feed)
{
    [Fact]
    public void The_package_carries_runtime_generator_task_and_build_files_and_one_dependency()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("Experiments"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "lib/net10.0/Experiments.dll",
                "lib/net10.0/Experiments.xml",
                "xunit4/net10.0/Experiments.dll",
                "xunit4/net10.0/Experiments.xml",
                "lib/net10.0/Experiments.pdb",
                "xunit4/net10.0/Experiments.pdb",
                "build/Experiments.Xunit.targets",
                "analyzers/dotnet/cs/Experiments.Generator.dll",
                "tasks/netstandard2.0/Experiments.Tasks.dll",
                "build/Experiments.props",
                "build/Experiments.targets",
                "build/Experiments.WriteManifest.proj",
                "buildTransitive/Experiments.props",
                "buildTransitive/Experiments.targets",
                "README.md",
            },
            entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));

        using var nuspecStream = package.GetEntry("Experiments.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var dependency = Assert.Single(nuspec.Descendants(), e => e.Name.LocalName == "dependency");
        Assert.Equal("xunit.v3.extensibility.core", (string?)dependency.Attribute("id"));
        Assert.Equal("3.2.2", (string?)dependency.Attribute("version"));
        Assert.Equal("README.md", nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value);
        // What NuGet users expect to see: the licence, and the commit the package was built from (Source Link's).
        var license = nuspec.Descendants().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
    }

    [Fact]
    public async Task A_project_referencing_the_package_gets_its_manifest_and_a_second_build_leaves_it_alone()
    {
        var project = feed.UserProject;
        var manifestPath = Path.Combine(project.OutputDirectory, ManifestModel.FileName);
        var first = BuiltFile.Read(manifestPath);
        var manifest = Manifest.Parse(first.Content, manifestPath);

        Assert.Equal("Consumer", manifest.Assembly);
        Assert.Collection(
            manifest.Experiments,
            area =>
            {
                Assert.Equal("Consumer.Sweep.Area", area.Name);
                Assert.Equal(["size", "shape", "replicate"], area.Axes.Select(a => a.Name));
                Assert.Equal(3 * 2 * 2, area.Points);
                Assert.True(area.Explicit);
            },
            positive =>
            {
                Assert.Equal("Consumer.Sweep.Positive", positive.Name);
                Assert.Equal(4, positive.Points);
                Assert.False(positive.Explicit);
            });

        await project.BuildAsync();
        Assert.Equal(first, BuiltFile.Read(manifestPath));
    }

    [Fact]
    public async Task The_built_app_is_an_xunit_test_app_that_runs_what_is_not_explicit()
    {
        var project = feed.UserProject;
        var app = Path.Combine(project.OutputDirectory, "Consumer");

        var listed = await ProcessRunner.RunAsync(app, ["-list", "tests"], project.ProjectDirectory, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("Positive", listed.StandardOutput);
        Assert.Contains("Area", listed.StandardOutput);

        // A plain run executes what is not explicit (the four points of Positive) and leaves Area's twelve alone.
        var run = await ProcessRunner.RunAsync(app, [], project.ProjectDirectory, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = Regex.Match(run.StandardOutput, @"Total: (\d+), Errors: (\d+), Failed: (\d+), Skipped: (\d+), Not Run: (\d+)");
        Assert.True(summary.Success, run.ToString());
        var count = (int group) => int.Parse(summary.Groups[group].Value);
        Assert.Equal((16, 0, 0, 0, 12), (count(1), count(2), count(3), count(4), count(5)));
    }

    [Fact]
    public async Task The_tool_installs_from_the_feed_and_runs()
    {
        using var tools = new TempDirectory("tool-path");

        await Dotnet.RunAsync(tools.Path, PackageFeed.Isolated,
            "tool", "install", "--tool-path", tools.Path, "--add-source", feed.FeedDirectory, "--version", feed.Version, "Experiments.Tool");
        var command = Path.Combine(tools.Path, "dotnet-experiment");

        var help = await ProcessRunner.RunAsync(command, ["--help"], tools.Path, timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("Usage:", help.StandardOutput);
        Assert.Contains("dotnet experiment [command] [options]", help.StandardOutput);

        using (var package = ZipFile.OpenRead(feed.PackagePath("Experiments.Tool")))
        {
            Assert.NotNull(package.GetEntry("README.md"));
            using var nuspecStream = package.GetEntry("Experiments.Tool.nuspec")!.Open();
            Assert.Equal("README.md", XDocument.Load(nuspecStream).Descendants().Single(e => e.Name.LocalName == "readme").Value);
        }
        using (var symbols = ZipFile.OpenRead(Path.ChangeExtension(feed.PackagePath("Experiments.Tool"), ".snupkg")))
            Assert.Contains(symbols.Entries, e => e.FullName.EndsWith("/dotnet-experiment.pdb", StringComparison.Ordinal));

        var version = await ProcessRunner.RunAsync(command, ["--version"], tools.Path, timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(feed.Version, version.StandardOutput.Trim());
    }
}
