using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>resume</c>: after the tool is killed, and after a run with failures.</summary>
[Collection(SweepsCollection.Name)]
public sealed class ResumeTests
{
    private readonly SweepsProject _sweeps;

    public ResumeTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task After_the_tool_is_killed_mid_sweep_resume_records_every_point_exactly_once()
    {
        using var tool = _sweeps.Tool.Start("run", "Paced.Step", "--no-build", "--parallel", "2", "--points-per-task", "1", "-m", "to be killed");
        string runDirectory;
        try
        {
            runDirectory = await RunFolderWitness.WaitForRunAsync(_sweeps.Directory);
            await RunFolderWitness.WaitUntilAsync(() => RunFolderWitness.SucceededKeys(runDirectory).Count >= 4, "four points to succeed");
        }
        finally
        {
            tool.Process.Kill(); // SIGKILL: no chance to cancel, collect or record anything
            await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        var killedRunId = Path.GetFileName(runDirectory);
        Assert.Contains("\"status\": \"submitted\"", File.ReadAllText(Path.Combine(runDirectory, "run.json")), StringComparison.Ordinal);
        Assert.False(File.Exists(_sweeps.ResultsFile("Paced.Step")));
        // The killed tool's workers finish the point they are in and exit; wait, so the store holds its final word.
        await RunFolderWitness.WaitForWorkersToExitAsync(runDirectory);
        var finishedBeforeResume = RunFolderWitness.SucceededKeys(runDirectory);

        var runs = await _sweeps.Tool.RunAsync("runs");
        Assert.Matches($@"{killedRunId}.*interrupted, not collected", runs.StandardOutput);

        var resume = await _sweeps.Tool.RunAsync("resume", "--no-build", "--parallel", "2");

        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains($"Collected interrupted run {killedRunId}: {finishedBeforeResume.Count} succeeded", resume.StandardOutput, StringComparison.Ordinal);
        var file = ResultsText.Read(_sweeps.ResultsFile("Paced.Step"));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"replicate={i}"), file.Points.Select(p => p.Key));
        Assert.All(file.Points, p => Assert.Equal("succeeded", p.Status));
        var resumingRun = Assert.Single(file.Runs, r => r.Id != killedRunId);
        Assert.Equal(killedRunId, resumingRun.Resumes);
        Assert.Equal("to be killed", resumingRun.Message);

        // Exactly once: the points the killed run finished are recorded from it and were not planned again.
        var runOf = ResultsText.RunByKey(_sweeps.ResultsFile("Paced.Step"));
        Assert.Equal(finishedBeforeResume.Order(), file.Points.Where(p => runOf[p.Key] == killedRunId).Select(p => p.Key).Order());
        var resumePlan = RunPlanJson.ReadFile(Path.Combine(_sweeps.Directory, ".experiments", "runs", resumingRun.Id, "plan.json"));
        Assert.Equal(30 - finishedBeforeResume.Count, resumePlan.PointCount);
        Assert.Empty(RunFolderWitness.SucceededKeys(Path.Combine(_sweeps.Directory, ".experiments", "runs", resumingRun.Id)).Intersect(finishedBeforeResume));
    }

    [Fact]
    public async Task Resume_after_a_run_with_failures_runs_only_the_points_that_did_not_succeed()
    {
        var first = await _sweeps.Tool.RunAsync("run", "Failing.Throw", "Arithmetic.Print", "--no-build");
        Assert.True(first.ExitCode == 1, first.ToString());
        var firstRunId = Assert.Single(ResultsText.Read(_sweeps.ResultsFile("Failing.Throw")).Runs).Id;
        Assert.Contains($"dotnet experiment resume {firstRunId}", first.StandardOutput, StringComparison.Ordinal);

        var resume = await _sweeps.Tool.RunAsync("resume", firstRunId[..13], "--no-build");

        Assert.True(resume.ExitCode == 1, resume.ToString());
        Assert.Contains($"resumes {firstRunId}: 1 point left", resume.StandardOutput, StringComparison.Ordinal);
        var throwing = ResultsText.RunByKey(_sweeps.ResultsFile("Failing.Throw"));
        Assert.Equal(firstRunId, throwing["x=1"]);
        Assert.NotEqual(firstRunId, throwing["x=2"]);
        var printing = ResultsText.RunByKey(_sweeps.ResultsFile("Arithmetic.Print"));
        Assert.All(ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Print")).Points, p => Assert.Equal(firstRunId, printing[p.Key]));

        var again = await _sweeps.Tool.RunAsync("resume", firstRunId, "--no-build");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"error: Run {firstRunId} was already resumed by run", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resuming_a_run_whose_points_all_succeeded_has_nothing_to_do()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var resume = await _sweeps.Tool.RunAsync("resume", "--no-build");

        Assert.Equal(0, resume.ExitCode);
        Assert.Contains("has succeeded; nothing to resume.", resume.StandardOutput, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(Path.Combine(_sweeps.Directory, ".experiments", "runs")));
    }

    [Fact]
    public async Task Stopping_the_tool_cancels_the_tasks_records_what_finished_and_exits_130()
    {
        // Long.Wait: replicates 0 and 1 take 50 ms, the others wait a minute unless cancelled.
        using var tool = _sweeps.Tool.Start("run", "Long.Wait", "--no-build", "--parallel", "2", "--points-per-task", "1");
        var runDirectory = await RunFolderWitness.WaitForRunAsync(_sweeps.Directory);
        await RunFolderWitness.WaitUntilAsync(() => RunFolderWitness.SucceededKeys(runDirectory).Count == 2, "the two short points to succeed");

        tool.Terminate();
        await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(tool.Process.ExitCode == 130, tool.Output);
        Assert.Contains("interrupted: 2 succeeded, 0 failed, 6 not run, of 8 planned.", tool.Output, StringComparison.Ordinal);
        Assert.Contains($"dotnet experiment resume {Path.GetFileName(runDirectory)}", tool.Output, StringComparison.Ordinal);
        Assert.Equal(["replicate=0", "replicate=1"], ResultsText.Read(_sweeps.ResultsFile("Long.Wait")).Points.Select(p => p.Key));
        Assert.Contains("\"status\": \"interrupted\"", File.ReadAllText(Path.Combine(runDirectory, "run.json")), StringComparison.Ordinal);
        await RunFolderWitness.WaitForWorkersToExitAsync(runDirectory);
    }
}
