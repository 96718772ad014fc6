using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// Stopping a run midway. Ctrl+C in a terminal: the signal reaches the tool and every worker of its process group at once, and the tool then
/// stops its workers too, so a point that does not watch for cancellation gets a second signal while it still runs.
/// An interrupted point is not a failed point: nothing recorded earlier may change. A killed tool (SIGKILL) cannot
/// tell its workers anything: they notice on their own and stop.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class InterruptTests
{
    private readonly SweepsProject _sweeps;

    public InterruptTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Ctrl_C_on_a_re_run_keeps_every_earlier_result_line_byte_identical_and_records_no_failure()
    {
        var first = await _sweeps.Tool.RunAsync("run", "Paced.Busy", "--no-build", "--parallel", "2", "-m", "first");
        Assert.True(first.ExitCode == 0, first.ToString());
        var resultsPath = _sweeps.ResultsFile("Paced.Busy");
        var before = PointLines(resultsPath);
        Assert.Equal(24, before.Count);

        using var tool = _sweeps.Tool.StartInOwnProcessGroup("run", "Paced.Busy", "--no-build", "--parallel", "2", "--points-per-task", "3", "-m", "interrupted");
        try
        {
            var runDirectory = await RunFolderWitness.WaitForRunAsync(_sweeps.Directory, earlier: 1);
            // Some points finished and two are running: the moment a person presses Ctrl+C.
            await RunFolderWitness.WaitUntilAsync(() => RunFolderWitness.Count(runDirectory, PointStatus.Succeeded) >= 4 && RunFolderWitness.Count(runDirectory, PointStatus.Started) > RunFolderWitness.Count(runDirectory, PointStatus.Succeeded), "the re-run to be midway");
            tool.SignalGroup("INT");
            await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!tool.Process.HasExited)
                tool.SignalGroup("KILL");
        }

        Assert.True(tool.Process.ExitCode == 130, tool.Output);
        Assert.DoesNotContain("crash", tool.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"interrupted: \d+ succeeded, 0 failed", tool.Output);
        var after = PointLines(resultsPath);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
    }

    [Fact]
    public async Task When_the_tool_is_killed_its_workers_stop_the_points_they_are_in_and_start_no_other()
    {
        // Long.Wait: replicates 0 and 1 take 50 ms, the others wait a minute unless cancelled.
        using var tool = _sweeps.Tool.Start("run", "Long.Wait", "--no-build", "--parallel", "2", "--points-per-task", "1");
        var runDirectory = await RunFolderWitness.WaitForRunAsync(_sweeps.Directory);
        await RunFolderWitness.WaitUntilAsync(() => RunFolderWitness.Count(runDirectory, PointStatus.Started) == 4, "both workers to be inside a minute-long point");

        tool.Process.Kill(); // SIGKILL: the tool can tell its workers nothing
        await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Without a tool to feed them they stop: each cancels its point and records it as cancelled (not as done).
        await RunFolderWitness.WaitUntilAsync(() => CancelledCount(runDirectory) == 2, "the orphaned workers to cancel their points");
        await RunFolderWitness.WaitForWorkersToExitAsync(runDirectory);
        Assert.Equal(4, RunFolderWitness.Count(runDirectory, PointStatus.Started)); // no point started after the tool died
        Assert.Equal(2, RunFolderWitness.Count(runDirectory, PointStatus.Succeeded));

        var status = await _sweeps.Tool.RunAsync("status");
        Assert.Contains("interrupted, not collected: 2 succeeded, 0 failed, 6 not finished", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("still stopping", status.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Each point line of a results file by its key (the text as written, so "byte-identical" means what it says).</summary>
    private static Dictionary<string, string> PointLines(string resultsPath)
    {
        var file = ResultsText.Read(resultsPath);
        var lines = File.ReadAllLines(resultsPath);
        return file.Points.ToDictionary(
            p => p.Key,
            p => Assert.Single(lines, l => l.Contains($"\"key\":\"{p.Key}\"", StringComparison.Ordinal)).TrimEnd(','),
            StringComparer.Ordinal);
    }

    private static int CancelledCount(string runDirectory) =>
        RunFolderWitness.Records(runDirectory).Count(r => r.Status == PointStatus.Failed && r.Error?.Kind == ErrorKind.Cancelled);
}
