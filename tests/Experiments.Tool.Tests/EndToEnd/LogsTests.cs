namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// <c>dotnet experiment logs</c> on the local backend: what a point printed, labelled with its key, cut out of the
/// workers' logs in <c>.experiments/runs/&lt;id&gt;/logs</c>; by default only the failed points; never the worker protocol.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class LogsTests
{
    private readonly SweepsProject _sweeps;

    public LogsTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Logs_for_a_point_shows_the_line_it_printed_labelled_with_its_key_and_no_protocol()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var logs = await _sweeps.Tool.RunAsync("logs", "--point", "side=right");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        LogsText.AssertPointPrinted(logs.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.Contains(Path.Combine(_sweeps.Directory, ".experiments", "runs"), logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says left", logs.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(logs.StandardOutput);
    }

    [Fact]
    public async Task Logs_without_options_shows_only_the_failed_point_with_its_exception()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Failing.Throw", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 1, run.ToString());
        LogsText.AssertSummaryShowsWhatThePointPrinted(run.StandardOutput);

        var logs = await _sweeps.Tool.RunAsync("logs");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("Failed points: x=2 (Sweeps.Failing.Throw).", logs.StandardOutput, StringComparison.Ordinal);
        for (var attempt = 1; attempt <= 3; attempt++)
            Assert.Matches($@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt {attempt}, failed\) in \S+worker-\d+\.log:", logs.StandardOutput);
        Assert.Contains("  Sweeps.Failing.Throw gives up on x=2\n  System.InvalidOperationException: x=2 always fails", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("point x=1", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("point x=3", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says", logs.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(logs.StandardOutput);
    }

    [Fact]
    public async Task Logs_without_options_after_a_run_with_no_failure_says_so_instead_of_printing_every_point()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var logs = await _sweeps.Tool.RunAsync("logs");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("failed, so there is nothing to show by default; pick a point with --point KEY or a task with --task N.", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says", logs.StandardOutput, StringComparison.Ordinal);
    }
}
