using Experiments.Points;
using Experiments.Registry;
using Experiments.TestSupport;
using Experiments.Tests.Support;
using Experiments.Xunit;

namespace Experiments.Tests.Xunit;

public sealed class PointRunnerTests
{
    private static readonly ExperimentDescriptor Shape = Axes.Descriptor(
        typeof(SampleStudy), "Probe", [Axes.Grid("delta", "double", 0.25, 0.75), Axes.Replicates("replicate", 2)]);

    [Fact]
    public async Task The_context_is_the_one_a_worker_would_give_the_first_attempt()
    {
        using var temp = new TempDirectory("runner");
        ExperimentContext? seen = null;
        object[]? arguments = null;
        var experiment = new HandWrittenExperiment(Shape, (args, context) =>
        {
            (seen, arguments) = (context, args);
            return new("{\"ok\":true}");
        });
        var output = new StringWriter();

        var json = await PointRunner.RunAsync(experiment, "delta=0.75;replicate=0", output, temp.Path, CancellationToken.None);

        Assert.Equal("{\"ok\":true}", json);
        Assert.NotNull(seen);
        Assert.Equal(Shape.Name, seen.Experiment);
        Assert.Equal("delta=0.75;replicate=0", seen.Key);
        Assert.Equal(Seeds.Derive(Shape.Name, "delta=0.75;replicate=0"), seen.Seed);
        Assert.Equal(1, seen.Attempt);
        Assert.Same(output, seen.Log);
        Assert.Equal([0.75, 0], arguments!);
        Assert.StartsWith(temp.Path, seen.ArtifactsDirectory);
        Assert.False(seen.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_point_that_ignores_its_token_is_abandoned_after_the_grace_period()
    {
        var shape = Shape with { Resources = ExperimentResources.Default with { Timeout = TimeSpan.FromMilliseconds(100) } };
        var experiment = new HandWrittenExperiment(shape, async (_, _) =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return null;
        });

        var error = await Assert.ThrowsAsync<ExperimentTimeoutException>(() =>
            PointRunner.RunAsync(experiment, "delta=0.25;replicate=1", TextWriter.Null, Path.GetTempPath(), CancellationToken.None, TimeSpan.FromMilliseconds(100)));

        Assert.Equal(
            "Point 'delta=0.25;replicate=1' of Experiments.Tests.Support.SampleStudy.Probe exceeded its timeout of 00:00:00.1000000 and did not stop within 0.1 s of its cancellation token firing; it was abandoned. Pass context.CancellationToken (or a CancellationToken parameter) to long-running work so it can stop.",
            error.Message);
    }

    [Fact]
    public async Task A_point_that_blocks_synchronously_cannot_hold_off_its_timeout()
    {
        var shape = Shape with { Resources = ExperimentResources.Default with { Timeout = TimeSpan.FromMilliseconds(100) } };
        using var release = new ManualResetEventSlim();
        var experiment = new HandWrittenExperiment(shape, (_, _) =>
        {
            release.Wait(TimeSpan.FromMinutes(1));
            return new((string?)null);
        });

        try
        {
            await Assert.ThrowsAsync<ExperimentTimeoutException>(() =>
                PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", TextWriter.Null, Path.GetTempPath(), CancellationToken.None, TimeSpan.FromMilliseconds(100)));
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_the_point_without_calling_it_a_timeout()
    {
        var shape = Shape with { Resources = ExperimentResources.Default with { Timeout = TimeSpan.FromMinutes(10) } };
        using var runCancellation = new CancellationTokenSource();
        var experiment = new HandWrittenExperiment(shape, async (_, context) =>
        {
            await runCancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return null;
        });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", TextWriter.Null, Path.GetTempPath(), runCancellation.Token));

        Assert.IsNotType<ExperimentTimeoutException>(error);
    }

    [Fact]
    public async Task A_result_that_is_not_json_is_shown_as_it_came()
    {
        var experiment = new HandWrittenExperiment(Shape, (_, _) => new("not json"));
        var output = new StringWriter();

        await PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", output, Path.GetTempPath(), CancellationToken.None);

        Assert.EndsWith($"Result:{Environment.NewLine}not json{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public void The_artifacts_root_is_a_folder_per_experiment_beside_the_test_assembly()
    {
        var experiment = new HandWrittenExperiment(Shape with { Name = "My/Odd:Name" }, (_, _) => new((string?)null));

        Assert.Equal(
            Path.Combine(AppContext.BaseDirectory, "experiment-artifacts", "My_Odd:Name"),
            PointRunner.ArtifactsRootFor(experiment));
    }
}
