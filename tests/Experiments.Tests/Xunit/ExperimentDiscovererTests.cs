using Experiments.Tests.Support;
using Experiments.Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Experiments.Tests.Xunit;

public sealed class ExperimentDiscovererTests
{
    private const string RunName = "Experiments.Tests.Support.SampleStudy.Run";

    [Fact]
    public async Task Lists_one_test_case_per_point_named_by_its_parameters()
    {
        var testCases = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Run));

        Assert.Equal(12, testCases.Count);
        var points = testCases.Cast<ExperimentTestCase>().ToArray();
        Assert.Equal(
            "Experiments.Tests.Support.SampleStudy.Run(delta: 0.1, replicate: 0, solver: Omp)",
            points[0].TestCaseDisplayName);
        Assert.Equal(
            "Experiments.Tests.Support.SampleStudy.Run(delta: 0.5, replicate: 2, solver: Lasso)",
            points[^1].TestCaseDisplayName);
        Assert.All(points, p => Assert.Equal(RunName, p.ExperimentName));
        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => SampleStudyRunExperiment.Shape.KeyOf(i)),
            points.Select(p => p.PointKey));
        Assert.Equal(12, points.Select(p => p.UniqueID).Distinct().Count());
    }

    [Fact]
    public async Task Points_carry_the_experiment_and_point_traits_the_explicit_flag_and_the_source()
    {
        var point = (ExperimentTestCase)(await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Run)))[5];

        Assert.Equal([RunName], point.Traits[ExperimentTraits.Experiment]);
        Assert.Equal([point.PointKey], point.Traits[ExperimentTraits.Point]);
        Assert.True(point.Explicit);
        Assert.Null(point.SkipReason);
        Assert.EndsWith("SampleStudy.cs", point.SourceFilePath);
        Assert.True(point.SourceLineNumber > 0);
        Assert.Equal(0, point.Timeout); // the experiment's own timeout is enforced through its context, not by xunit
    }

    [Fact]
    public async Task Explicit_false_and_display_name_come_from_the_attribute()
    {
        var testCases = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Cheap));

        Assert.Equal(6, testCases.Count);
        Assert.All(testCases, t => Assert.False(t.Explicit));
        Assert.Equal("Cheap check(label: \"a;b\", mark: 'q')", testCases[0].TestCaseDisplayName);
        Assert.Equal("Cheap check(label: \" x\", mark: '\"')", testCases[^1].TestCaseDisplayName);
    }

    [Fact]
    public async Task The_method_display_option_is_honoured()
    {
        var options = new DiscoveryOptions();
        options.SetValue(TestOptionsNames.Discovery.MethodDisplay, nameof(TestMethodDisplay.Method));

        var testCases = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Run), options);

        Assert.Equal("Run(delta: 0.1, replicate: 0, solver: Omp)", testCases[0].TestCaseDisplayName);
    }

    [Fact]
    public async Task A_grid_above_the_limit_lists_a_sample_and_one_entry_for_the_rest()
    {
        var testCases = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Huge));

        Assert.Equal(1001, testCases.Count);
        var points = testCases.OfType<ExperimentTestCase>().ToArray();
        Assert.Equal(1000, points.Length);
        Assert.Equal("a=0;b=0;c=0", points[0].PointKey);
        Assert.Equal("a=99;b=99;c=99", points[^1].PointKey);
        var unlisted = Assert.Single(testCases, t => t is not ExperimentTestCase);
        var expected = "Experiments.Tests.Support.SampleStudy.Huge: 999,000 more points not listed; run them with `dotnet experiment run Experiments.Tests.Support.SampleStudy.Huge`";
        Assert.Equal(expected, unlisted.TestCaseDisplayName);
        Assert.Equal(expected, unlisted.SkipReason);
        Assert.True(unlisted.Explicit);
        Assert.Equal(["Experiments.Tests.Support.SampleStudy.Huge"], ((XunitTestCase)unlisted).Traits[ExperimentTraits.Experiment]);
    }

    [Fact]
    public async Task The_sample_is_stable_across_discoveries()
    {
        var first = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Huge));
        var second = await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Huge));

        Assert.Equal(first.Select(t => t.UniqueID), second.Select(t => t.UniqueID));
        Assert.Equal(first.Select(t => t.TestCaseDisplayName), second.Select(t => t.TestCaseDisplayName));
    }

    [Fact]
    public async Task A_skipped_experiment_is_one_skipped_test_case()
    {
        var testCase = Assert.Single(await XunitObjects.DiscoverAsync(typeof(SampleStudy), nameof(SampleStudy.Skipped)));

        Assert.Equal("not today", testCase.SkipReason);
        Assert.Equal("Experiments.Tests.Support.SampleStudy.Skipped", testCase.TestCaseDisplayName);
    }

    [Fact]
    public async Task An_experiment_without_generated_code_is_one_failing_test_case_that_says_why()
    {
        var testCase = Assert.IsType<ExecutionErrorTestCase>(
            Assert.Single(await XunitObjects.DiscoverAsync(typeof(Unregistered), nameof(Unregistered.Run))));

        Assert.Equal(
            "[Experiment] method Experiments.Tests.Support.Unregistered.Run has no generated code, so its points cannot be listed or run. The Experiments source generator did not run for this project or reported an error for this method: check the build output for EXP diagnostics (the project must reference the Experiments package, which adds the generator).",
            testCase.ErrorMessage);

        var run = await XunitObjects.RunAsync(testCase);
        Assert.Contains(testCase.ErrorMessage, run.Single<ITestFailed>().Messages[0]);
    }

    [Fact]
    public async Task Discovery_runs_no_user_code()
    {
        // ExplodingStudy's constructor throws; listing its points must not construct it.
        var testCases = await XunitObjects.DiscoverAsync(typeof(ExplodingStudy), nameof(ExplodingStudy.Run));

        Assert.Equal(5, testCases.Count);
        var run = await XunitObjects.RunAsync(testCases[0]);
        Assert.Contains("user code ran", run.Single<ITestFailed>().Messages[0]);
    }
}
