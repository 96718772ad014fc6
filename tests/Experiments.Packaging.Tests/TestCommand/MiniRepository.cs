using Experiments.Packaging.Tests.Support;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.TestCommand;

/// <summary>
/// A repository in miniature for exercising test.sh: this repository's test.sh, an Experiments.sln and small test
/// projects whose outcomes are known — Alpha.Tests (3 pass, 1 skipped, 1 explicit and so not run), Beta.Tests (1 pass,
/// 1 failure), and Gamma.Tests, which is not in the solution.
/// </summary>
public sealed class MiniRepository : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mini-repo");

    public string Root => _temp.Path;

    public async ValueTask InitializeAsync()
    {
        File.Copy(Path.Combine(RepositoryPaths.Root, "test.sh"), _temp.Combine("test.sh"));
        // Nothing from above the temporary directory (or from the real repository) leaks into these projects.
        File.WriteAllText(_temp.Combine("Directory.Build.props"), "<Project />");
        File.WriteAllText(_temp.Combine("Directory.Build.targets"), "<Project />");
        File.WriteAllText(_temp.Combine("Directory.Packages.props"), "<Project />");

        WriteProject("Alpha.Tests", """
            using Xunit;

            public class AlphaTests
            {
                [Fact] public void One() { }
                [Theory, InlineData(1), InlineData(2)] public void Two(int n) => Assert.True(n > 0);
                [Fact(Skip = "not today")] public void Skipped() { }
                [Fact(Explicit = true)] public void OnlyWhenAsked() { }
            }
            """);
        WriteProject("Beta.Tests", """
            using Xunit;

            public class BetaTests
            {
                [Fact] public void Passes() { }
                [Fact] public void Fails() => Assert.Equal(1, 2);
            }
            """);
        WriteProject("Gamma.Tests", "public class GammaTests { [Xunit.Fact] public void Passes() { } }");

        await Dotnet.RunAsync(Root, null, "new", "sln", "--name", "Experiments", "--format", "sln");
        await Dotnet.RunAsync(Root, null, "sln", "Experiments.sln", "add",
            "tests/Alpha.Tests/Alpha.Tests.csproj", "tests/Beta.Tests/Beta.Tests.csproj");
    }

    public async Task<ProcessResult> RunTestShAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string?> { ["CI"] = null, ["UseArtifactsOutput"] = null, ["ArtifactsPath"] = null };
        return await ProcessRunner.RunAsync("bash", ["test.sh", .. arguments], Root, environment, TimeSpan.FromMinutes(8));
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    private void WriteProject(string name, string source)
    {
        var directory = _temp.Combine("tests", name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="3.2.2" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, name.Replace(".", "") + ".cs"), source);
    }
}
