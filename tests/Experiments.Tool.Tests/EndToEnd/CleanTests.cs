using System.Diagnostics;
using System.Text.Json;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>clean</c> on the local journal: what it lists, what it removes, and the runs it never touches.</summary>
[Collection(SweepsCollection.Name)]
public sealed class CleanTests
{
    private readonly SweepsProject _sweeps;

    public CleanTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    private string RunsDirectory => Path.Combine(_sweeps.Directory, ".experiments", "runs");

    [Fact]
    public async Task Clean_dry_run_lists_every_old_run_with_its_size_and_removes_nothing()
    {
        var first = await RecordedRunAsync();
        var second = await RecordedRunAsync();
        var resultsBefore = File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Print"));

        var clean = await _sweeps.Tool.RunAsync("clean", "--dry-run", "--older-than", "0d");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Matches($@"would remove run {first} \(local, recorded\): \d+(\.\d+)? kB", clean.StandardOutput);
        Assert.Matches($@"would remove run {second} \(local, recorded\): \d+(\.\d+)? kB", clean.StandardOutput);
        Assert.Matches(@"Dry run: nothing was removed; 2 items would go, \d+(\.\d+)? kB in all\.", clean.StandardOutput);
        Assert.True(Directory.Exists(Path.Combine(RunsDirectory, first)));
        Assert.True(Directory.Exists(Path.Combine(RunsDirectory, second)));
        Assert.Equal(resultsBefore, File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Print")));

        // The default age is 30 days: runs of a minute ago stay, and the dry run says nothing would go.
        var byDefault = await _sweeps.Tool.RunAsync("clean", "--dry-run");
        Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
        Assert.Contains("that ended more than 30 days ago", byDefault.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was removed; 0 items would go, 0 B in all.", byDefault.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_keeps_the_newest_recorded_runs_and_a_run_not_yet_collected_and_removes_the_rest()
    {
        var oldest = await RecordedRunAsync();
        var older = await RecordedRunAsync();
        var newest = await RecordedRunAsync();
        var killed = await KilledRunAsync();
        var resultsBefore = File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Print"));

        var clean = await _sweeps.Tool.RunAsync("clean", "--older-than", "0d", "--keep-last", "1");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Matches($@"  removed run {oldest} \(local, recorded\): \d+(\.\d+)? kB", clean.StandardOutput);
        Assert.Matches($@"  removed run {older} \(local, recorded\): \d+(\.\d+)? kB", clean.StandardOutput);
        Assert.Contains($"  kept run {newest} (local): one of the newest 1 (--keep-last)", clean.StandardOutput, StringComparison.Ordinal);
        Assert.True(
            clean.StandardOutput.Contains($"  kept run {killed} (local): interrupted, not collected: collect it with 'dotnet experiment resume' first", StringComparison.Ordinal),
            clean.StandardOutput);
        Assert.Matches(@"Removed 2 items, \d+(\.\d+)? kB in all\.", clean.StandardOutput);
        Assert.Equal([killed, newest], Directory.GetDirectories(RunsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(resultsBefore, File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Print")));

        // What is left still works: the killed run is collected by resume, after which it may go too.
        var runs = await _sweeps.Tool.RunAsync("runs");
        Assert.Contains(newest, runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(killed, runs.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_age_clean_cannot_read_names_the_valid_forms()
    {
        var clean = await _sweeps.Tool.RunAsync("clean", "--older-than", "30 days");

        Assert.Equal(2, clean.ExitCode);
        Assert.Contains(
            "--older-than must be a whole number followed by w (weeks), d (days) or h (hours), such as 30d, 2w or 12h, not '30 days'.",
            clean.StandardError,
            StringComparison.Ordinal);
    }

    private async Task<string> RecordedRunAsync()
    {
        var before = RunIds();
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        return Assert.Single(RunIds().Except(before));
    }

    /// <summary>A run whose tool was killed while its tasks ran: journaled as submitted, never collected.</summary>
    private async Task<string> KilledRunAsync()
    {
        var before = RunIds();
        using var tool = _sweeps.Tool.Start("run", "Paced.Step", "--no-build", "--parallel", "1", "--points-per-task", "1");
        string? runId = null;
        try
        {
            await WaitUntilAsync(
                () => (runId = RunIds().Except(before).SingleOrDefault()) is not null
                    && File.Exists(Path.Combine(RunsDirectory, runId, "submissions.json"))
                    && File.ReadAllText(Path.Combine(RunsDirectory, runId, "run.json")).Contains("\"status\": \"submitted\"", StringComparison.Ordinal),
                "the run to be journaled as submitted");
        }
        finally
        {
            tool.Process.Kill(); // SIGKILL: the tool records nothing
            await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        await WaitForWorkersToExitAsync(Path.Combine(RunsDirectory, runId!));
        return runId!;
    }

    private IReadOnlyList<string> RunIds() =>
        Directory.Exists(RunsDirectory) ? Directory.GetDirectories(RunsDirectory).Select(d => Path.GetFileName(d)).ToArray() : [];

    private static async Task WaitForWorkersToExitAsync(string runDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "submissions.json")));
        var ids = document.RootElement.EnumerateArray()
            .SelectMany(s => s.GetProperty("jobIds").EnumerateArray().Select(j => int.Parse(j.GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        await WaitUntilAsync(() => ids.All(HasExited), "the killed run's workers to exit");
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

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
