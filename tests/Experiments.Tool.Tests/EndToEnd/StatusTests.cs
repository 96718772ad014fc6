namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>status</c> and <c>runs</c> on the local backend agree with what the run did, and advise only what fits.</summary>
[Collection(SweepsCollection.Name)]
public sealed class StatusTests
{
    private readonly SweepsProject _sweeps;

    public StatusTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_finished_local_run_reads_recorded_with_no_unknown_tasks_and_no_advice()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var status = await _sweeps.Tool.RunAsync("status");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"Run \S+ on the local backend: recorded\n", status.StandardOutput);
        Assert.Contains("points: 2 succeeded, 0 failed, 0 running, 0 not started, of 2", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("resume", status.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("next:", status.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_failures_reads_finished_with_failures_and_its_advice_is_what_resume_then_does()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Failing.Throw", "--no-build");
        Assert.True(run.ExitCode == 1, run.ToString());

        var status = await _sweeps.Tool.RunAsync("status");
        var runs = await _sweeps.Tool.RunAsync("runs");

        Assert.Matches(@"on the local backend: finished with failures: \d+ succeeded, 1 failed, 0 not run, of \d+", status.StandardOutput);
        Assert.Contains("(runs the 1 point that did not succeed)", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("finished with failures", runs.StandardOutput, StringComparison.Ordinal);
        var resume = await _sweeps.Tool.RunAsync("resume", "--no-build");
        Assert.Contains(": 1 point left", resume.StandardOutput, StringComparison.Ordinal);
    }
}
