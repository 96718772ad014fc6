using Experiments.Points;
using Experiments.Tests.Support;
using Experiments.Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Tests.Xunit;

/// <summary>Points run through xunit's own pipeline in this process, as Test Explorer runs them.</summary>
public sealed class ExperimentRunTests
{
    [Fact]
    public async Task A_point_runs_with_its_real_context_and_shows_its_result()
    {
        var point = await Point(nameof(SampleStudy.Run), "delta=0.5;replicate=1;solver=Lasso");

        var run = await XunitObjects.RunAsync(point);

        var passed = run.Single<ITestPassed>();
        var seed = Seeds.Derive("Experiments.Tests.Support.SampleStudy.Run", point.PointKey);
        Assert.Equal(
            $"""
            Experiment: Experiments.Tests.Support.SampleStudy.Run
            Point: delta=0.5;replicate=1;solver=Lasso (index 9 of 12)
            Seed: {seed}
            simulating delta=0.5 with Lasso
            Result:
            {"{"}
              "delta": 0.5,
              "replicate": 1,
              "solver": "Lasso",
              "seed": {seed},
              "key": "delta=0.5;replicate=1;solver=Lasso"
            {"}"}

            """.ReplaceLineEndings(),
            passed.Output);
        Assert.Equal(point.TestCaseDisplayName, run.Single<ITestStarting>().TestDisplayName);
    }

    [Fact]
    public async Task An_explicit_point_does_not_run_unless_explicit_tests_are_asked_for()
    {
        var point = await Point(nameof(SampleStudy.Fails), "replicate=0");

        var run = await XunitObjects.RunAsync(point, ExplicitOption.Off);

        run.Single<ITestNotRun>();
        Assert.Empty(run.Messages.OfType<ITestFailed>());
    }

    [Fact]
    public async Task A_non_explicit_point_runs_in_a_plain_run()
    {
        var point = await Point(nameof(SampleStudy.Cheap), "label=\"a;b\";mark=q");

        var run = await XunitObjects.RunAsync(point, ExplicitOption.Off);

        Assert.Contains("Result: none (the method returns no value)", run.Single<ITestPassed>().Output);
    }

    [Fact]
    public async Task An_exception_fails_the_test_with_it()
    {
        var point = await Point(nameof(SampleStudy.Fails), "replicate=1");

        var run = await XunitObjects.RunAsync(point);

        var failed = run.Single<ITestFailed>();
        Assert.Equal(FailureCause.Exception, failed.Cause);
        Assert.Equal("System.InvalidOperationException", failed.ExceptionTypes[0]);
        Assert.Equal("replicate 1 diverged", failed.Messages[0]);
        Assert.Contains("Point: replicate=1", failed.Output);
    }

    [Fact]
    public async Task A_point_past_its_timeout_is_cancelled_and_fails_as_a_timeout()
    {
        var point = await Point(nameof(SampleStudy.Slow), "replicate=0");

        var run = await XunitObjects.RunAsync(point);

        var failed = run.Single<ITestFailed>();
        Assert.Equal(FailureCause.Timeout, failed.Cause);
        Assert.Equal(
            "Point 'replicate=0' of Experiments.Tests.Support.SampleStudy.Slow exceeded its timeout of 00:00:01 and was cancelled.",
            failed.Messages[0]);
    }

    [Fact]
    public async Task Artifacts_land_under_the_test_output_directory_and_are_named_in_the_output()
    {
        var point = await Point(nameof(SampleStudy.Artifacts), "replicate=0");
        var root = Path.Combine(AppContext.BaseDirectory, "experiment-artifacts", "Experiments.Tests.Support.SampleStudy.Artifacts");
        var file = Path.Combine(root, Experiments.ExperimentContext.ArtifactsFolderName("replicate=0"), "note.txt");

        var run = await XunitObjects.RunAsync(point);

        Assert.Contains($"Artifacts: {Path.GetDirectoryName(file)}", run.Single<ITestPassed>().Output);
        Assert.Equal("kept", File.ReadAllText(file));
    }

    [Fact]
    public async Task The_unlisted_entry_is_skipped_with_its_message_when_run()
    {
        var unlisted = (await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Huge))).Single(t => t is not ExperimentTestCase);

        Assert.Equal(unlisted.SkipReason, (await XunitObjects.RunAsync(unlisted)).Single<ITestSkipped>().Reason);
        (await XunitObjects.RunAsync(unlisted, ExplicitOption.Off)).Single<ITestNotRun>();
    }

    [Fact]
    public async Task A_point_no_longer_in_the_grid_fails_saying_the_list_is_stale()
    {
        var discovered = await Point(nameof(SampleStudy.Run), "delta=0.1;replicate=0;solver=Omp");
        var stale = Rekeyed(discovered, "delta=0.7;replicate=0;solver=Omp");

        var failed = (await XunitObjects.RunAsync(stale)).Single<ITestFailed>();

        Assert.Equal(
            "Point 'delta=0.7;replicate=0;solver=Omp' is not in the grid of experiment 'Experiments.Tests.Support.SampleStudy.Run' any more: the grid changed after the tests were listed. Rebuild and refresh the test list.",
            failed.Messages[0]);
    }

    [Fact]
    public async Task An_experiment_missing_from_the_registry_at_run_time_fails_saying_so()
    {
        var discovered = await Point(nameof(SampleStudy.Run), "delta=0.1;replicate=0;solver=Omp");
        var renamed = new ExperimentTestCase(
            discovered.TestMethod, discovered.TestCaseDisplayName, discovered.UniqueID, true, "Renamed.Run", discovered.PointKey, discovered.Traits);

        var failed = (await XunitObjects.RunAsync(renamed)).Single<ITestFailed>();

        Assert.StartsWith("Experiment 'Renamed.Run' is not in the generated registry of Experiments.Tests:", failed.Messages[0]);
    }

    private static async Task<ExperimentTestCase> Point(string method, string key) =>
        (await XunitObjects.DiscoverAsync(typeof(SampleStudy), method)).OfType<ExperimentTestCase>().Single(t => t.PointKey == key);

    private static ExperimentTestCase Rekeyed(ExperimentTestCase testCase, string key) =>
        new(testCase.TestMethod, testCase.TestCaseDisplayName, testCase.UniqueID, testCase.Explicit, testCase.ExperimentName, key, testCase.Traits);
}
