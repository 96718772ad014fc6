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
}
