namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>report --run</c>: what a run found, from its journal, before anything is recorded in a results file.</summary>
[Collection(SweepsCollection.Name)]
public sealed class RunReportTests
{
    private readonly SweepsProject _sweeps;

    public RunReportTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_run_whose_tool_was_killed_is_reported_from_its_journal_into_its_own_folder()
    {
        using var tool = _sweeps.Tool.Start("run", "Paced.Step", "--no-build", "--parallel", "2", "--points-per-task", "1", "-m", "half done");
        var runDirectory = await RunFolderWitness.WaitForRunAsync(_sweeps.Directory);
        await RunFolderWitness.WaitUntilAsync(() => RunFolderWitness.SucceededKeys(runDirectory).Count >= 4, "four points to succeed");
        tool.Process.Kill();
        await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await RunFolderWitness.WaitForWorkersToExitAsync(runDirectory);
        var succeeded = RunFolderWitness.SucceededKeys(runDirectory).Count;
        var runId = Path.GetFileName(runDirectory);

        var report = await _sweeps.Tool.RunAsync("report", "--run", runId[..15], "--format", "md");

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.False(File.Exists(_sweeps.ResultsFile("Paced.Step")));
        var markdown = File.ReadAllText(Path.Combine(runDirectory, "report", "README.md"));
        Assert.Contains($"From `run {runId}`: **{succeeded} succeeded**, **0 failed**", markdown, StringComparison.Ordinal);
        Assert.Contains("half done", markdown, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sweeps.Directory, "report")));
    }

    [Fact]
    public async Task A_run_whose_records_are_not_in_a_folder_here_or_an_unknown_run_is_a_clear_error()
    {
        var report = await _sweeps.Tool.RunAsync("report", "--run", "20990101-000000-ffff");

        Assert.Equal(2, report.ExitCode);
        Assert.StartsWith("error: ", report.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", report.StandardError, StringComparison.Ordinal);
    }
}
