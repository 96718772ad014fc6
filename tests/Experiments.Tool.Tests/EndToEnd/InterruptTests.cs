using System.Diagnostics;
using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// Ctrl+C in a terminal: the signal reaches the tool and every worker of its process group at once, and the tool then
/// stops its workers too, so a point that does not watch for cancellation gets a second signal while it still runs.
/// An interrupted point is not a failed point: nothing recorded earlier may change.
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
            var runDirectory = await WaitForSecondRunDirectoryAsync(first);
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

    private async Task<string> WaitForSecondRunDirectoryAsync(TestSupport.ProcessResult first)
    {
        var runs = Path.Combine(_sweeps.Directory, ".experiments", "runs");
        string? found = null;
        await WaitUntilAsync(
            () => (found = Directory.GetDirectories(runs).Order(StringComparer.Ordinal).Skip(1).FirstOrDefault()) is not null,
            $"the re-run's journal folder (after {first.StandardOutput.Length} characters of the first run's output)");
        return found!;
    }

    private static int RecordCount(string runDirectory, PointStatus status)
    {
        var records = Path.Combine(runDirectory, PointRecordFiles.RecordsFolder);
        if (!Directory.Exists(records))
            return 0;
        return Directory.GetFiles(records, "*" + PointRecordFiles.Extension)
            .Sum(file => PointRecordReader.ReadAll(file).Count(r => r.Status == status));
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
