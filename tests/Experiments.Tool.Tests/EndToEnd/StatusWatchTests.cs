namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>status --watch</c> from another terminal: it follows the run through its backend and store, and stops once every task has ended.</summary>
[Collection(SweepsCollection.Name)]
public sealed class StatusWatchTests
{
    private readonly SweepsProject _sweeps;

    public StatusWatchTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Watching_an_ended_run_prints_its_counts_once_and_returns()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--where", "a=1", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var watch = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(1), "status", "--watch");

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("tasks: ", StringComparison.Ordinal));
        Assert.Contains("points: done 4 · failed 0 · running 0 · remaining 0 of 4", watch.StandardOutput);
    }
}
