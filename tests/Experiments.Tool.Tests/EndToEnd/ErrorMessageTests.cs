using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>Mistakes a user can make, each ending in one clear message on stderr and a non-zero exit, never a stack trace.</summary>
[Collection(SweepsCollection.Name)]
public sealed class ErrorMessageTests
{
    private readonly SweepsProject _sweeps;

    public ErrorMessageTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Theory]
    [InlineData(new[] { "run", "Arithmetic.Product" }, "error: Unknown experiment 'Arithmetic.Product'. The experiments in this project are:", "  Sweeps.Arithmetic.Sum")]
    [InlineData(new[] { "run", "Sum" }, "error: 'Sum' matches 2 experiments; use a longer suffix or the full name:", "  Sweeps.Paced.Sum")]
    [InlineData(new[] { "run", "Arithmetic.Sum", "--where", "c=1" }, "error: Unknown axis 'c' in --where: Sweeps.Arithmetic.Sum has no such axis. Its axes are: a, b, replicate.", null)]
    [InlineData(new[] { "run", "Arithmetic.Sum", "--where", "b=0.5,2.5" }, "error: Unknown value '2.5' for axis 'b' (double) in --where b=0.5,2.5. Valid values of Sweeps.Arithmetic.Sum's 'b': 0.5, 1.5.", null)]
    [InlineData(new[] { "run", "--point", "a=1,b=0.5" }, "error: --point 'a=1,b=0.5' does not name exactly the axes of any selected experiment. Their axes are:", "  Sweeps.Arithmetic.Sum: a, b, replicate")]
    [InlineData(new[] { "run", "--point", "a=1;b=0.5;replicate" }, "error: --point 'a=1;b=0.5;replicate' is not a point key: Expected 'name=value' at position 10 of point key 'a=1;b=0.5;replicate'. Write AXIS=VALUE;AXIS=VALUE… naming every axis, e.g. --point \"side=left\".", null)]
    [InlineData(new[] { "run", "--backend", "kubernetes" }, "error: Unknown backend 'kubernetes'. Valid backends: aws-batch, azure-batch, gcp-batch, local, slurm.", null)]
    [InlineData(new[] { "list", "--points", "Nothing" }, "error: Unknown experiment 'Nothing'. The experiments in this project are:", "  Sweeps.Slow.Sleep")]
    public async Task A_user_mistake_names_what_is_wrong_and_what_is_valid(string[] args, string message, string? detail)
    {
        var result = await _sweeps.Tool.RunAsync([.. args, "--no-build"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.StandardError.Split('\n');
        Assert.Equal(message, lines[0]);
        if (detail is not null)
            Assert.Contains(detail, lines);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sweeps.Directory, ".experiments")));
    }

    [Fact]
    public async Task A_corrupt_results_file_is_named_with_its_line_and_nothing_runs()
    {
        File.WriteAllText(_sweeps.ResultsFile("Arithmetic.Sum"), "{\n  \"schema\": 1,\n<<<<<<< HEAD\n}\n");

        var result = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: The results file Arithmetic.Sum.results.json:3: not valid JSON", ErrorLine(result), StringComparison.Ordinal);
        Assert.Contains("Fix the file (a merge conflict or a hand edit?), or restore it with git, and run again.", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sweeps.Directory, ".experiments")));
    }

    [Fact]
    public async Task A_project_that_does_not_build_shows_the_compiler_errors()
    {
        var broken = Path.Combine(_sweeps.Directory, "Broken.cs");
        File.WriteAllText(broken, "namespace Sweeps;\npublic static class Broken { public static int X() => undefinedName; }\n");
        try
        {
            var result = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum");

            Assert.True(result.ExitCode == 3, result.ToString());
            var lines = result.StandardError.Split('\n');
            Assert.Contains("error: Sweeps.csproj does not build (1 error); fix these and run again:", lines);
            Assert.Contains(lines, l => l.StartsWith("  Broken.cs(2,55): error CS0103: The name 'undefinedName' does not exist in the current context", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(_sweeps.Directory, ".experiments")));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task A_project_without_experiments_says_how_to_add_one()
    {
        // A sibling of the Sweeps copy, wired to the repository like it, but with no [Experiment].
        var directory = Path.Combine(Path.GetDirectoryName(_sweeps.Directory)!, "Plain");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Plain.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Plain.cs"), "namespace Plain;\npublic static class Nothing { public static int Two() => 2; }\n");

        var result = await _sweeps.Tool.RunAsync("list", "--project", directory);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: Plain.csproj has no experiments. Mark a method [Experiment]", ErrorLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_does_not_reference_experiments_says_so()
    {
        using var temp = new TempDirectory("plainlib");
        File.WriteAllText(temp.Combine("Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(temp.Combine("Lib.cs"), "namespace Lib;\npublic static class Nothing { }\n");
        var environment = new Dictionary<string, string?>(_sweeps.Project.BuildEnvironment) { ["ArtifactsPath"] = temp.Combine("artifacts") };

        var result = await ProcessRunner.RunAsync("dotnet", [ToolRunner.ToolPath, "list"], temp.Path, environment, TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith(
            "error: Lib.csproj does not reference the Experiments package, so it has no experiments (no experiments.manifest.json next to Lib.dll).",
            ErrorLine(result),
            StringComparison.Ordinal);
    }

    /// <summary>The error line (a build announces itself on stderr first, so that stdout stays clean for scripts).</summary>
    private static string ErrorLine(ProcessResult result) =>
        result.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal)) ?? result.ToString();
}
