using Experiments.TestSupport;
using Experiments.Tests.Support;

namespace Experiments.Tests.Xunit.ThroughRunner;

/// <summary>The fixture project run with <c>dotnet test</c> (VSTest and xunit.runner.visualstudio, as Test Explorer does).</summary>
[Collection(BuiltFixtureCollection.Name)]
[Trait("Layer", "Integration")]
public sealed class DotnetTestTests(BuiltFixture fixture)
{
    [Fact]
    public async Task Filter_selects_one_point_by_display_name_and_its_result_is_in_the_output()
    {
        var run = await DotnetTestAsync(
            "--filter", "DisplayName~delta: 0.5, rho: 0.04, replicate: 1, solver: Lasso",
            "--logger", "console;verbosity=detailed",
            "--", "xUnit.Explicit=on");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Passed XunitExperiments.PhaseTransition.Run(delta: 0.5, rho: 0.04, replicate: 1, solver: Lasso)", run.StandardOutput);
        Assert.Contains("Point: delta=0.5;rho=0.04;replicate=1;solver=Lasso (index 19 of 24)", run.StandardOutput);
        Assert.Contains("\"key\": \"delta=0.5;rho=0.04;replicate=1;solver=Lasso\"", run.StandardOutput);
        Assert.Contains("Total tests: 1", run.StandardOutput);
    }

    [Fact]
    public async Task Filter_selects_one_point_by_its_key_trait()
    {
        var run = await DotnetTestAsync("--filter", @"Point=replicate\=1", "--", "xUnit.Explicit=on");

        // Failing.Diverges(replicate: 1) is the only point whose whole key is replicate=1; it throws.
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Failed XunitExperiments.Failing.Diverges(replicate: 1)", run.StandardOutput);
        Assert.Contains("replicate 1 diverged", run.StandardOutput);
        Assert.Contains("Failed:     1, Passed:     0, Skipped:     0, Total:     1", run.StandardOutput);
    }

    [Fact]
    public async Task Without_explicit_on_a_selected_point_is_not_run()
    {
        var run = await DotnetTestAsync("--filter", "DisplayName~Failing.Diverges");

        // VSTest shows a test the framework did not run as skipped.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Skipped XunitExperiments.Failing.Diverges(replicate: 0)", run.StandardOutput);
        Assert.Contains("Skipped XunitExperiments.Failing.Diverges(replicate: 1)", run.StandardOutput);
        Assert.DoesNotContain("diverged", run.Output);
    }

    private Task<ProcessResult> DotnetTestAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["test", fixture.Project.ProjectFile, "--no-build", "-c", BuiltFixture.Configuration, .. arguments],
            fixture.Project.ProjectDirectory,
            fixture.Project.BuildEnvironment,
            TimeSpan.FromMinutes(3));
}
