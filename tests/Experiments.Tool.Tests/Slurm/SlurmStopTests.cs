using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Slurm;

/// <summary>
/// Tasks that do not end on their own on the real cluster: Slurm's time limit, Ctrl+C on the tool, and a tool that was
/// killed while its tasks went on — <c>status</c>, <c>cancel</c> and <c>resume</c> from another process.
/// Sweeps.Long.Wait: replicates 0 and 1 take 50 ms, replicates 2–7 wait 60 s.
/// </summary>
[Collection(SlurmSweepsCollection.Name)]
public sealed class SlurmStopTests
{
    private readonly SlurmSweepsProject _sweeps;

    public SlurmStopTests(SlurmSweepsProject sweeps)
    {
        SlurmTestCluster.Require();
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_task_Slurm_ends_at_its_time_limit_is_recorded_as_timed_out_and_stopping_its_resume_leaves_nothing_queued()
    {
        // One task of all 8 points with a one-minute limit: Slurm ends it during the first 60 s point or the next one.
        _sweeps.WriteSlurmConfig(new { timeLimit = "1" });

        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Long.Wait", "--backend", "slurm", "--points-per-task", "8", "--no-build");

        Assert.True(run.ExitCode == 1, run.ToString());
        var points = ResultsText.ByKey(_sweeps.ResultsFile("Long.Wait"));
        Assert.True(points["replicate=0"].IsSucceeded && points["replicate=1"].IsSucceeded, run.ToString());
        var timedOut = Assert.Single(points.Values, p => !p.IsSucceeded);
        Assert.Equal("timeout", timedOut.Error!.Kind);
        Assert.Contains("time limit", timedOut.Error.Message, StringComparison.Ordinal);
        Assert.Contains(timedOut.Key, new[] { "replicate=2", "replicate=3" });
        var firstRun = _sweeps.RunIds().Single();

        // Resume (without the limit) runs the points left; Ctrl+C (SIGTERM) on it cancels its array.
        _sweeps.WriteSlurmConfig();
        using var resume = _sweeps.Tool.Start("resume", "--no-build");
        string resumeRun;
        try
        {
            resumeRun = await WaitForAsync(() => _sweeps.RunIds().FirstOrDefault(r => r != firstRun), "the resuming run's journal");
            await WaitForAsync(() => StartedRecord(resumeRun), "a point of the resumed run to start on the cluster");
        }
        finally
        {
            resume.Terminate();
        }
        await resume.Process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.True(resume.Process.ExitCode == 130, resume.Output);
        Assert.Contains($"{8 - points.Values.Count(p => p.IsSucceeded)} points left", resume.Output, StringComparison.Ordinal);
        var jobs = _sweeps.JobIds(resumeRun);
        Assert.NotEmpty(jobs);
        Assert.Empty(SlurmTestCluster.QueuedTasks(jobs));
    }

    [Fact]
    public async Task When_the_tool_was_killed_status_shows_the_tasks_resume_waits_and_cancel_empties_the_queue()
    {
        _sweeps.WriteSlurmConfig();
        using var tool = _sweeps.Tool.Start("run", "Sweeps.Long.Wait", "--backend", "slurm", "--points-per-task", "4", "--no-build");
        string runId;
        try
        {
            runId = await WaitForAsync(() => _sweeps.RunIds().SingleOrDefault(), "the run's journal");
            await WaitForAsync(() => StartedRecord(runId, "replicate=2"), "a 60 s point to start on the cluster");
        }
        finally
        {
            tool.Process.Kill(); // the laptop closed: the tool is gone, its tasks are not
            await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        var jobs = _sweeps.JobIds(runId);
        Assert.NotEmpty(SlurmTestCluster.QueuedTasks(jobs));

        var status = await _sweeps.Tool.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"Run {runId} on the slurm backend: running on the slurm backend (", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("the tool that started it has ended", status.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"tasks:.*running", status.StandardOutput);
        Assert.Matches(@"points: \d+ succeeded, 0 failed, \d+ running", status.StandardOutput);

        var resume = await _sweeps.Tool.RunAsync("resume", "--no-build");
        Assert.True(resume.ExitCode == 2, resume.ToString());
        Assert.Contains("still has", resume.StandardError, StringComparison.Ordinal);
        Assert.Contains($"dotnet experiment cancel {runId}", resume.StandardError, StringComparison.Ordinal);

        var cancel = await _sweeps.Tool.RunAsync("cancel");

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains("Cancelled", cancel.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(SlurmTestCluster.QueuedTasks(jobs));
        var afterCancel = await _sweeps.Tool.RunAsync("status");
        Assert.Contains($"Run {runId} on the slurm backend: cancelled, not collected", afterCancel.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"next:   dotnet experiment resume {runId}", afterCancel.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"{runId}.*cancelled, not collected", (await _sweeps.Tool.RunAsync("runs")).StandardOutput);
    }

    /// <summary>Whether a record file of the run on the cluster holds a started record (of the point, if given).</summary>
    private string? StartedRecord(string runId, string? key = null)
    {
        var records = Path.Combine(_sweeps.SharedDirectory, "runs", runId, "records");
        if (!Directory.Exists(records))
            return null;
        foreach (var file in Directory.GetFiles(records))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Contains("\"status\":\"started\"", StringComparison.Ordinal) && (key is null || line.Contains($"\"key\":\"{key}\"", StringComparison.Ordinal)))
                    return line;
            }
        }
        return null;
    }

    private static async Task<string> WaitForAsync(Func<string?> probe, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
                return found;
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Waited 3 minutes for {what}.");
    }
}
