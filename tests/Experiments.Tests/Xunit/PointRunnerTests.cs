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
    public async Task A_result_that_is_not_json_fails_the_point_as_it_fails_in_a_sweep()
    {
        var experiment = new HandWrittenExperiment(Shape, (_, _) => new("not json"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", TextWriter.Null, Path.GetTempPath(), CancellationToken.None));

        Assert.Contains("its result is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_that_returns_after_its_timeout_fired_is_a_timeout_as_in_a_sweep()
    {
        var shape = Shape with { Resources = ExperimentResources.Default with { Timeout = TimeSpan.FromMilliseconds(100) } };
        var experiment = new HandWrittenExperiment(shape, async (_, _) =>
        {
            await Task.Delay(400, CancellationToken.None);
            return "{\"late\":true}";
        });

        var error = await Assert.ThrowsAsync<ExperimentTimeoutException>(() =>
            PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", TextWriter.Null, Path.GetTempPath(), CancellationToken.None, TimeSpan.FromSeconds(5)));

        Assert.EndsWith("exceeded its timeout of 00:00:00.1000000 and was cancelled.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The IDE and the worker run a point through one implementation: the same behaviour gets the same verdict.</summary>
    [Theory]
    [InlineData("returns", "succeeded")]
    [InlineData("throws", "exception")]
    [InlineData("returns late", "timeout")]
    [InlineData("ignores its token", "timeout")]
    public async Task The_test_and_the_worker_give_a_point_the_same_verdict(string behaviour, string verdict)
    {
        // A timeout long enough that a point which returns at once does so within it, however busy the machine.
        var shape = Shape with { Resources = ExperimentResources.Default with { Timeout = TimeSpan.FromSeconds(2) } };
        using var release = new CancellationTokenSource();
        var experiment = new HandWrittenExperiment(shape, async (_, _) =>
        {
            switch (behaviour)
            {
                case "throws":
                    throw new ArithmeticException("diverged");
                case "returns late":
                    await Task.Delay(3000, CancellationToken.None);
                    break;
                case "ignores its token":
                    await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
            }
            return "1";
        });
        var grace = TimeSpan.FromMilliseconds(200);
        try
        {
            var worker = await Experiments.Worker.PointAttempt.RunAsync(
                experiment, 0, token => new ExperimentContext(shape.Name, "delta=0.25;replicate=0", 1, 1, Path.GetTempPath(), TextWriter.Null, token),
                shape.Resources.Timeout, grace, grace, CancellationToken.None);
            var test = await Record.ExceptionAsync(() =>
                PointRunner.RunAsync(experiment, "delta=0.25;replicate=0", TextWriter.Null, Path.GetTempPath(), CancellationToken.None, grace));

            Assert.Equal(verdict, worker.Error is null ? "succeeded" : Experiments.Schema.PointRecordJson.KindText(worker.Error.Kind));
            Assert.Equal(verdict, test switch
            {
                null => "succeeded",
                ExperimentTimeoutException => "timeout",
                ArithmeticException { Message: "diverged" } => "exception",
                _ => test.ToString(),
            });
        }
        finally
        {
            await release.CancelAsync();
        }
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
