using System.Diagnostics;
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
            var runDirectory = await WaitForRunDirectoryAsync(1);
            // Some points finished and two are running: the moment a person presses Ctrl+C.
            await WaitUntilAsync(() => RecordCount(runDirectory, PointStatus.Succeeded) >= 4 && RecordCount(runDirectory, PointStatus.Started) > RecordCount(runDirectory, PointStatus.Succeeded), "the re-run to be midway");
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
        var runDirectory = await WaitForRunDirectoryAsync(0);
        await WaitUntilAsync(() => RecordCount(runDirectory, PointStatus.Started) == 4, "both workers to be inside a minute-long point");

        tool.Process.Kill(); // SIGKILL: the tool can tell its workers nothing
        await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Without a tool to feed them they stop: each cancels its point and records it as cancelled (not as done).
        await WaitUntilAsync(() => CancelledCount(runDirectory) == 2, "the orphaned workers to cancel their points");
        await WaitUntilAsync(() => WorkerProcessIds(runDirectory).All(HasExited), "the orphaned workers to exit");
        Assert.Equal(4, RecordCount(runDirectory, PointStatus.Started)); // no point started after the tool died
        Assert.Equal(2, RecordCount(runDirectory, PointStatus.Succeeded));

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

    /// <summary>The journal folder of the run after the first <paramref name="earlier"/> runs.</summary>
    private async Task<string> WaitForRunDirectoryAsync(int earlier)
    {
        var runs = Path.Combine(_sweeps.Directory, ".experiments", "runs");
        string? found = null;
        await WaitUntilAsync(
            () => (found = Directory.Exists(runs) ? Directory.GetDirectories(runs).Order(StringComparer.Ordinal).Skip(earlier).FirstOrDefault() : null) is not null,
            "the run's journal folder");
        return found!;
    }

    private static IEnumerable<int> WorkerProcessIds(string runDirectory)
    {
        using var submissions = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "submissions.json")));
        return submissions.RootElement.EnumerateArray()
            .SelectMany(s => s.GetProperty("jobIds").EnumerateArray())
            .Select(id => int.Parse(id.GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static bool HasExited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static int CancelledCount(string runDirectory) =>
        Records(runDirectory).Count(r => r.Status == PointStatus.Failed && r.Error?.Kind == ErrorKind.Cancelled);

    private static int RecordCount(string runDirectory, PointStatus status) => Records(runDirectory).Count(r => r.Status == status);

    private static IEnumerable<PointRecord> Records(string runDirectory)
    {
        var records = Path.Combine(runDirectory, PointRecordFiles.RecordsFolder);
        return Directory.Exists(records)
            ? Directory.GetFiles(records, "*" + PointRecordFiles.Extension).SelectMany(file => PointRecordReader.ReadAll(file)).ToArray()
            : [];
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
