using Experiments.TestSupport;
using Experiments.Points;
using Experiments.Tests.Support;

namespace Experiments.Tests.Xunit.ThroughRunner;

/// <summary>The fixture project run through xunit v3's own in-process console runner (the test app itself).</summary>
[Collection(BuiltFixtureCollection.Name)]
[Trait("Layer", "Integration")]
public sealed class ConsoleRunnerTests(BuiltFixture fixture)
{
    private const string OnePoint = "delta=0.5;rho=0.04;replicate=1;solver=Lasso";

    [Fact]
    public async Task Lists_every_point_by_name_with_its_parameters()
    {
        var list = await fixture.RunTestAppAsync("-list", "tests");

        Assert.Equal(0, list.ExitCode);
        var names = TestNames(list.StandardOutput);
        string[] expected =
        [
            .. from delta in new[] { "0.1", "0.5" }
               from rho in new[] { "0.02", "0.04", "0.06" }
               from replicate in new[] { 0, 1 }
               from solver in new[] { "Omp", "Lasso" }
               select $"XunitExperiments.PhaseTransition.Run(delta: {delta}, rho: {rho}, replicate: {replicate}, solver: {solver})",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Where(n => n.StartsWith("XunitExperiments.PhaseTransition.Run(", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("XunitExperiments.Failing.Diverges(replicate: 1)", names);
        Assert.Contains("XunitExperiments.Cheap.Ordinary_facts_still_run", names);
    }

    [Fact]
    public async Task The_test_list_is_stable()
    {
        var list = await fixture.RunTestAppAsync("-list", "tests");

        // The banner line names the runner's version; everything after it is the list.
        Approvals.Verify(string.Join('\n', TestNames(list.StandardOutput)) + "\n", $"{nameof(ConsoleRunnerTests)}.{nameof(The_test_list_is_stable)}");
    }

    [Fact]
    public async Task A_large_grid_lists_a_sample_and_says_how_many_points_are_not_listed()
    {
        var names = TestNames((await fixture.RunTestAppAsync("-list", "tests")).StandardOutput);

        var sample = names.Where(n => n.StartsWith("XunitExperiments.Sweep.Large(", StringComparison.Ordinal)).ToArray();
        Assert.Equal(100, sample.Length); // ExperimentsDiscoveryLimit=100 in the fixture's project file
        Assert.Contains("XunitExperiments.Sweep.Large(a: 0, b: 0)", sample);
        Assert.Contains("XunitExperiments.Sweep.Large(a: 99, b: 99)", sample);
        Assert.Contains(
            "XunitExperiments.Sweep.Large: 9,900 more points not listed; run them with `dotnet experiment run XunitExperiments.Sweep.Large`",
            names);
    }

    [Fact]
    public async Task Full_listing_shows_the_experiment_and_point_traits()
    {
        var list = await fixture.RunTestAppAsync("-list", "full");

        Assert.Contains(
            """
              - Display name: "XunitExperiments.Failing.Diverges(replicate: 1)"
                Test method:  XunitExperiments.Failing.Diverges
            """.ReplaceLineEndings(),
            list.StandardOutput);
        Assert.Contains("\"Experiment\": [\"XunitExperiments.Failing.Diverges\"]", list.StandardOutput);
        Assert.Contains("\"Point\": [\"replicate=1\"]", list.StandardOutput);
    }

    [Fact]
    public async Task A_plain_run_leaves_explicit_experiments_out()
    {
        var run = await fixture.RunTestAppAsync();

        Assert.Equal(0, run.ExitCode);
        // 130 test cases: 24 + 2 + 101 explicit ones not run; the two cheap points and the ordinary fact run.
        Assert.Contains("XunitExperiments  Total: 130, Errors: 0, Failed: 0, Skipped: 0, Not Run: 127", run.StandardOutput);
    }

    [Fact]
    public async Task One_point_selected_by_its_key_runs_and_shows_its_result()
    {
        var run = await fixture.RunTestAppAsync("-filter", $"/[Point={OnePoint}]", "-explicit", "on", "-showLiveOutput");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("XunitExperiments  Total: 1, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0", run.StandardOutput);
        var output = LiveOutput(run.StandardOutput, $"XunitExperiments.PhaseTransition.Run(delta: 0.5, rho: 0.04, replicate: 1, solver: Lasso)");
        var seed = Seeds.Derive("XunitExperiments.PhaseTransition.Run", OnePoint);
        Assert.Equal(
            [
                "Experiment: XunitExperiments.PhaseTransition.Run",
                $"Point: {OnePoint} (index 19 of 24)",
                $"Seed: {seed}",
                "solving delta=0.5 rho=0.04 with Lasso",
                "Result:",
                "{",
            ],
            output.Take(6));
        Assert.Contains($"  \"seed\": {seed},", output);
        Assert.Contains($"  \"key\": \"{OnePoint}\"", output);
    }

    [Fact]
    public async Task A_slice_is_selected_with_a_wildcard_on_the_key()
    {
        var run = await fixture.RunTestAppAsync("-filter", "/[Point=delta=0.5;*]", "-explicit", "on");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("XunitExperiments  Total: 12, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0", run.StandardOutput);
    }

    [Fact]
    public async Task A_throwing_point_fails_with_its_exception()
    {
        var run = await fixture.RunTestAppAsync("-filter", "/*/XunitExperiments/Failing/Diverges/[Point=replicate=1]", "-explicit", "on");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("XunitExperiments.Failing.Diverges(replicate: 1) [FAIL]", run.StandardOutput);
        Assert.Contains("System.InvalidOperationException : replicate 1 diverged", run.StandardOutput);
        Assert.Contains("XunitExperiments  Total: 1, Errors: 0, Failed: 1, Skipped: 0, Not Run: 0", run.StandardOutput);
    }

    [Fact]
    public async Task An_experiment_is_selected_by_its_trait()
    {
        var run = await fixture.RunTestAppAsync("-trait", "Experiment=XunitExperiments.Failing.Diverges", "-explicit", "on");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("XunitExperiments  Total: 2, Errors: 0, Failed: 1, Skipped: 0, Not Run: 0", run.StandardOutput);
    }

    [Fact]
    public async Task Running_a_large_experiment_runs_its_sample_and_skips_the_rest_with_the_message()
    {
        var run = await fixture.RunTestAppAsync("-method", "XunitExperiments.Sweep.Large", "-explicit", "on");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("XunitExperiments.Sweep.Large: 9,900 more points not listed; run them with `dotnet experiment run XunitExperiments.Sweep.Large` [SKIP]", run.StandardOutput);
        Assert.Contains("XunitExperiments  Total: 101, Errors: 0, Failed: 0, Skipped: 1, Not Run: 0", run.StandardOutput);
    }

    // The listing's lines after the runner's banner.
    private static string[] TestNames(string listing) =>
        listing.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("xUnit.net ", StringComparison.Ordinal))
            .ToArray();

    // The lines a test wrote, as -showLiveOutput prints them: "<display name> [OUTPUT] <line>".
    private static string[] LiveOutput(string consoleOutput, string displayName)
    {
        var prefix = displayName + " [OUTPUT] ";
        return consoleOutput.Split('\n')
            .Select(line => line.TrimEnd('\r').TrimStart())
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => line[prefix.Length..])
            .ToArray();
    }
}
