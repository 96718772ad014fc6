using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package.XunitVersions;

/// <summary>An xunit the package has no runtime for stops the build with a message naming it, instead of failing at run time.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class UnsupportedXunitTests(PackageFeed feed)
{
    [Fact]
    public async Task A_project_on_xunit_v2_gets_a_build_error_naming_its_version_and_the_supported_ones()
    {
        using var temp = new TempDirectory("xunit2-project");
        FlavourProject.WriteProject(
            temp.Path,
            feed,
            """
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
            """,
            onTestingPlatform: false);
        var project = temp.Combine("Consumer");

        var build = await ProcessRunner.RunAsync(
            "dotnet", ["build", "-c", "Release", "-nologo"], project, PackageFeed.Isolated, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Contains("error EXPB008", build.StandardOutput);
        Assert.Contains("references xunit v2 (xunit.extensibility.core 2.9.3)", build.StandardOutput);
        Assert.Contains("Supported: xunit.v3 3.2.x (VSTest) and 4.x", build.StandardOutput);
        Assert.DoesNotContain("error CS", build.StandardOutput);
    }

    [Fact]
    public async Task A_project_on_an_xunit_v3_major_without_a_runtime_gets_a_build_error_naming_it()
    {
        // xunit.v3 5.x does not exist yet: a stand-in xunit.v3.extensibility.core 5.0.0-test (an empty xunit.v3.core.dll)
        // from a feed of the test's own, restored into a packages folder of the test's own, so no cache ever sees it.
        using var temp = new TempDirectory("xunit5-project");
        var standIn = temp.Combine("stand-in");
        Directory.CreateDirectory(standIn);
        File.WriteAllText(Path.Combine(standIn, "StandIn.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <PackageId>xunit.v3.extensibility.core</PackageId>
                <AssemblyName>xunit.v3.core</AssemblyName>
                <Version>5.0.0-test</Version>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(standIn, "Placeholder.cs"), "namespace Xunit.v3 { public interface IStandIn { } }");
        var standInFeed = temp.Combine("stand-in-feed");
        await Dotnet.RunAsync(standIn, PackageFeed.Isolated, "pack", "-c", "Release", "-o", standInFeed, "-nologo");

        FlavourProject.WriteProject(
            temp.Path, feed, """<PackageReference Include="xunit.v3.extensibility.core" Version="5.0.0-test" />""", onTestingPlatform: false);
        var project = temp.Combine("Consumer");
        ConsumerFiles.WriteNuGetConfig(project, ("local", feed.FeedDirectory), ("stand-in", standInFeed));
        var environment = new Dictionary<string, string?>(PackageFeed.Isolated) { ["NUGET_PACKAGES"] = temp.Combine("packages") };

        var build = await ProcessRunner.RunAsync(
            "dotnet", ["build", "-c", "Release", "-nologo"], project, environment, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Contains("error EXPB009", build.StandardOutput);
        Assert.Contains("resolves xunit.v3 5.0.0-test (package xunit.v3.extensibility.core)", build.StandardOutput);
        Assert.Contains("Supported: xunit.v3 3.2.x (VSTest) and 4.x", build.StandardOutput);
        Assert.DoesNotContain("error CS", build.StandardOutput);
    }
}
