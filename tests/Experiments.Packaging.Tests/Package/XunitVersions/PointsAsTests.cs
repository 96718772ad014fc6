using Experiments.Points;
using Experiments.Schema;
using Experiments.TestSupport;
using Xunit;

namespace Experiments.Packaging.Tests.Package.XunitVersions;

/// <summary>
/// What a user sees of every point as its own test, on one xunit version and test platform: listed, selected by trait
/// or by name, skipped while explicit, failing alone, and swept by <c>dotnet experiment run</c>. One project build
/// serves all five; the concrete classes below pick the combination.
/// </summary>
public abstract class PointsAsTests<TProject>(TProject project) where TProject : FlavourProject
{
    private const string Area = "Consumer.Sweep.Area";

    [Fact]
    public async Task Listing_shows_one_test_per_point_up_to_the_discovery_limit_and_an_entry_for_the_rest()
    {
        var listed = await project.TestAsync("--list-tests");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        // Area's 6 points exceed the limit of 4: the sample DiscoverySample picks (indexes 0, 3, 4, 5) and one entry for
        // the 2 others. Positive's 3 points are all listed.
        Assert.Equal(
            [
                $"{Area}(size: 1, replicate: 0)",
                $"{Area}(size: 2, replicate: 1)",
                $"{Area}(size: 3, replicate: 0)",
                $"{Area}(size: 3, replicate: 1)",
                $"{Area}: 2 more points not listed; run them with `dotnet experiment run {Area}`",
                "Consumer.Sweep.Positive(n: 1)",
                "Consumer.Sweep.Positive(n: 2)",
                "Consumer.Sweep.Positive(n: 3)",
            ],
            TestOutcomes.Listed(listed.StandardOutput, "Consumer.Sweep.").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_plain_test_run_runs_what_is_not_explicit_and_leaves_the_experiment_alone()
    {
        var run = await project.TestAsync(project.Flavour.Detailed);

        Assert.True(run.ExitCode == 0, run.ToString());
        var outcomes = TestOutcomes.Read(run.StandardOutput, "Consumer.Sweep.");
        Assert.Equal(
            ["Consumer.Sweep.Positive(n: 1)", "Consumer.Sweep.Positive(n: 2)", "Consumer.Sweep.Positive(n: 3)"],
            outcomes.Where(o => o.Result == "passed").Select(o => o.DisplayName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(outcomes, o => o.Result == "failed");
    }

    [Fact]
    public async Task Filtering_by_the_Point_trait_runs_that_point_and_shows_its_seed_key_and_result()
    {
        const string key = "size=2;replicate=1";

        var run = await project.TestAsync(
            ["--filter", @"Point=size\=2;replicate\=1", .. project.Flavour.Detailed, .. project.Flavour.ExplicitOn]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var outcome = Assert.Single(TestOutcomes.Read(run.StandardOutput, "Consumer.Sweep."));
        Assert.Equal(new TestOutcomes.Outcome("passed", $"{Area}(size: 2, replicate: 1)"), outcome);
        Assert.Contains($"Point: {key} (index 3 of 6)", run.StandardOutput);
        Assert.Contains($"Seed: {Seeds.Derive(Area, key)}", run.StandardOutput);
        Assert.Matches(@"Result:\s+4\s", run.StandardOutput);
    }

    [Fact]
    public async Task Filtering_by_display_name_runs_the_failing_point_alone_and_fails_it_with_its_exception()
    {
        var run = await project.TestAsync(
            ["--filter", $@"DisplayName={Area}\(size: 3, replicate: 1\)", .. project.Flavour.Detailed, .. project.Flavour.ExplicitOn]);

        Assert.True(run.ExitCode != 0, run.ToString());
        var outcome = Assert.Single(TestOutcomes.Read(run.StandardOutput, "Consumer.Sweep."));
        Assert.Equal(new TestOutcomes.Outcome("failed", $"{Area}(size: 3, replicate: 1)"), outcome);
        Assert.Contains("System.InvalidOperationException", run.StandardOutput);
        Assert.Contains("size 3, replicate 1 fails on purpose", run.StandardOutput);
        Assert.Contains($"Seed: {Seeds.Derive(Area, "size=3;replicate=1")}", run.StandardOutput);
    }

    [Fact]
    public async Task Dotnet_experiment_run_sweeps_every_point_and_records_the_failing_one()
    {
        var tool = await project.Feed.InstalledToolAsync();

        var run = await ProcessRunner.RunAsync(
            tool, ["run", Area], project.ProjectDirectory, PackageFeed.Isolated, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode != 0, run.ToString()); // a failed point makes the run's exit code non-zero
        Assert.Contains("5 succeeded, 1 failed", run.StandardOutput);
        var results = ResultsFileReader.ReadIfExists(Path.Combine(project.ProjectDirectory, "Sweep.Area.results.json"));
        Assert.NotNull(results);
        Assert.Equal(6, results.Points.Count);
        var failed = Assert.Single(results.Points, p => !p.IsSucceeded);
        Assert.Equal("size=3;replicate=1", failed.Key);
        Assert.Contains("fails on purpose", failed.Error?.Message);
        Assert.Equal(9.0, results.Points.Single(p => p.Key == "size=3;replicate=0").Result?.GetDouble());
    }
}

/// <summary>xunit.v3 3.2.2 with xunit.runner.visualstudio 3.1.5 and Microsoft.NET.Test.Sdk on VSTest.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PointsAsTestsOnXunit3VSTest(Xunit3OnVSTestProject project)
    : PointsAsTests<Xunit3OnVSTestProject>(project), IClassFixture<Xunit3OnVSTestProject>;

/// <summary>xunit.v3.mtp-off 4.0.3 with xunit.runner.visualstudio 4.0.1 and Microsoft.NET.Test.Sdk 18.12.0 on VSTest.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PointsAsTestsOnXunit4VSTest(Xunit4OnVSTestProject project)
    : PointsAsTests<Xunit4OnVSTestProject>(project), IClassFixture<Xunit4OnVSTestProject>;

/// <summary>xunit.v3 4.0.3 on Microsoft.Testing.Platform v2 (global.json's test runner).</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PointsAsTestsOnXunit4TestingPlatform(Xunit4OnTestingPlatformProject project)
    : PointsAsTests<Xunit4OnTestingPlatformProject>(project), IClassFixture<Xunit4OnTestingPlatformProject>;
