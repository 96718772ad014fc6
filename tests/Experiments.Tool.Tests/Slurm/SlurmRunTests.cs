using Experiments.Schema;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Slurm;

/// <summary>
/// <c>dotnet experiment run --backend slurm</c> on the real one-node cluster test.sh starts: the same records as the local
/// backend, arrays split at MaxArraySize, failures recorded and resumed.
/// </summary>
[Collection(SlurmSweepsCollection.Name)]
public sealed class SlurmRunTests
{
    /// <summary>Every kind of outcome the fixture has: success, exceptions, retries, timeouts, a runaway point, crashes.</summary>
    private static readonly string[] Experiments =
    [
        "Sweeps.Arithmetic.Sum", "Sweeps.Arithmetic.Print", "Sweeps.Failing.Throw", "Sweeps.Flaky.SecondTime",
        "Sweeps.Slow.Sleep", "Sweeps.Slow.Runaway", "Sweeps.Crashing.FailFast", "Sweeps.Crashing.Exit",
    ];

    private readonly SlurmSweepsProject _sweeps;

    public SlurmRunTests(SlurmSweepsProject sweeps)
    {
        SlurmTestCluster.Require();
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_sweep_on_slurm_records_the_same_keys_and_results_as_the_local_backend()
    {
        var local = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(5), ["run", .. Experiments, "--no-build", "-m", "local reference"]);
        Assert.True(local.ExitCode == 1, local.ToString()); // Failing.Throw and the crashes fail, by design
        var expected = Outcomes();
        _sweeps.Reset();
        _sweeps.WriteSlurmConfig();
        // As on a user's first run: nothing published yet, nothing on the cluster; the tool says what the wait is for.
        _sweeps.ForgetPackages();

        var slurm = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(8), ["run", .. Experiments, "--backend", "slurm", "--no-build", "-m", "on slurm"]);

        Assert.True(slurm.ExitCode == 1, slurm.ToString());
        Assert.Contains("on the slurm backend", slurm.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("publishing self-contained app for linux-x64…\n", slurm.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"published self-contained app for linux-x64: \d+(\.\d+)? MB\n", slurm.StandardOutput);
        var package = Assert.Single(Directory.GetDirectories(Path.Combine(_sweeps.SharedDirectory, "packages")));
        Assert.Contains($"copying to {package}…\ncopying to {package}… done\n", slurm.StandardOutput, StringComparison.Ordinal);
        // What only `dotnet test` loads stays out of the package: the test platform and satellite resources.
        Assert.DoesNotContain(Directory.GetFiles(package).Select(Path.GetFileName), f => f!.StartsWith("Microsoft.TestPlatform.", StringComparison.Ordinal) || f == "testhost.dll");
        Assert.False(Directory.Exists(Path.Combine(package, "de")), "satellite resources are not published");
        var actual = Outcomes();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, outcome) in expected)
            Assert.True(outcome == actual[key], $"{key}: local {outcome}, slurm {actual[key]}");
        var results = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum"));
        Assert.Equal("slurm", Assert.Single(results.Runs).Backend);
        Assert.Empty(SlurmTestCluster.QueuedTasks(_sweeps.JobIds(_sweeps.RunIds().Single())));
    }

    [Fact]
    public async Task Artifacts_points_write_in_the_shared_directory_come_home_beside_the_results_file()
    {
        _sweeps.WriteSlurmConfig();

        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(8), "run", "Sweeps.Drawing.Draw", "--backend", "slurm", "--no-build");

        Assert.True(run.ExitCode == 0, run.ToString());
        var home = Path.Combine(_sweeps.Directory, "Drawing.Draw.artifacts");
        ArtifactsTests.AssertPointFiles(home, 1, 2, 3);
        Assert.Equal(3, Directory.GetDirectories(home).Length);
        Assert.Contains("  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", run.StandardOutput, StringComparison.Ordinal);
        // Where the workers wrote them: the run's folder in the shared directory, which clean removes with the run.
        var runId = _sweeps.RunIds().Single();
        Assert.Single(Directory.GetDirectories(Path.Combine(_sweeps.SharedDirectory, "runs", runId, "artifacts")));
    }

    [Fact]
    public async Task Tasks_beyond_MaxArraySize_go_out_as_several_arrays_each_indexed_from_zero()
    {
        var maxArraySize = SlurmTestCluster.MaxArraySize();
        Assert.True(maxArraySize < 12, $"The test cluster's MaxArraySize is {maxArraySize}; start it with {SlurmTestCluster.StartCommand} so 12 tasks need two arrays.");
        _sweeps.WriteSlurmConfig();

        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Arithmetic.Sum", "--backend", "slurm", "--points-per-task", "1", "--no-build");

        Assert.True(run.ExitCode == 0, run.ToString());
        var runId = _sweeps.RunIds().Single();
        var jobs = _sweeps.JobIds(runId);
        Assert.Equal((12 + maxArraySize - 1) / maxArraySize, jobs.Count);
        var scripts = Directory.GetFiles(Path.Combine(_sweeps.SharedDirectory, "runs", runId, "scripts")).Select(File.ReadAllText).ToArray();
        Assert.Equal(jobs.Count, scripts.Length);
        Assert.Contains(scripts, s => s.Contains($"#SBATCH --array=0-{maxArraySize - 1}\n", StringComparison.Ordinal) && s.Contains("EXPERIMENTS_TASK_OFFSET=0\n", StringComparison.Ordinal));
        Assert.Contains(scripts, s => s.Contains($"EXPERIMENTS_TASK_OFFSET={maxArraySize}\n", StringComparison.Ordinal));
        var points = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points;
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.True(p.IsSucceeded));
    }

    [Fact]
    public async Task Logs_shows_what_a_point_printed_by_key_and_by_default_only_the_failed_point_without_the_protocol()
    {
        _sweeps.WriteSlurmConfig();
        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Arithmetic.Print", "Sweeps.Failing.Throw", "--backend", "slurm", "--points-per-task", "1", "--no-build");
        Assert.True(run.ExitCode == 1, run.ToString());
        LogsText.AssertSummaryShowsWhatThePointPrinted(run.StandardOutput);
        var runId = _sweeps.RunIds().Single();
        var logsDirectory = Path.Combine(_sweeps.SharedDirectory, "runs", runId, "logs");

        var point = await _sweeps.Tool.RunAsync("logs", "--point", "side=right");
        var failed = await _sweeps.Tool.RunAsync("logs");
        var unknown = await _sweeps.Tool.RunAsync("logs", "--task", "7");

        Assert.True(point.ExitCode == 0, point.ToString());
        LogsText.AssertPointPrinted(point.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.Matches($@"in {System.Text.RegularExpressions.Regex.Escape(logsDirectory)}/\d+_\d+\.err:", point.StandardOutput);
        Assert.DoesNotContain("says left", point.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(point.StandardOutput);

        Assert.True(failed.ExitCode == 0, failed.ToString());
        Assert.Contains("Failed points: x=2 (Sweeps.Failing.Throw).", failed.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt 3, failed\) in \S+\.err:", failed.StandardOutput);
        Assert.Contains("  System.InvalidOperationException: x=2 always fails", failed.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("point x=1", failed.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says", failed.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(failed.StandardOutput);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("there is no task 7", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_point_is_recorded_as_failed_and_resume_runs_only_it_again()
    {
        _sweeps.WriteSlurmConfig();

        var first = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Failing.Throw", "--backend", "slurm", "--no-build");

        Assert.True(first.ExitCode == 1, first.ToString());
        var failed = ResultsText.ByKey(_sweeps.ResultsFile("Failing.Throw"))["x=2"];
        Assert.Equal("failed", failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("exception", failed.Error!.Kind);
        Assert.Contains("x=2 always fails", failed.Error.Message, StringComparison.Ordinal);

        var resume = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "resume", "--no-build");

        Assert.True(resume.ExitCode == 1, resume.ToString());
        Assert.Contains("1 point left", resume.StandardOutput, StringComparison.Ordinal);
        var runs = _sweeps.RunIds();
        Assert.Equal(2, runs.Count);
        Assert.Equal(1, RunPlanJson.ReadFile(Path.Combine(_sweeps.Directory, ".experiments", "runs", runs[1], "plan.json")).PointCount);
        var points = ResultsText.ByKey(_sweeps.ResultsFile("Failing.Throw"));
        var runOf = ResultsText.RunByKey(_sweeps.ResultsFile("Failing.Throw"));
        Assert.Equal(runs[0], runOf["x=1"]);
        Assert.Equal(runs[1], runOf["x=2"]);
        Assert.Equal("failed", points["x=2"].Status);
    }

    [Fact]
    public async Task Sbatch_refusing_the_job_reaches_the_user_verbatim_with_what_to_change()
    {
        _sweeps.WriteSlurmConfig(new { partition = "nosuch" });

        var run = await _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Sweeps.Arithmetic.Sum", "--backend", "slurm", "--no-build");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("invalid partition specified: nosuch", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Invalid partition name specified", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("slurm.partition", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("dotnet experiment resume", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>What must be the same on both backends for a point: everything but times, runs and free-text messages.</summary>
    private Dictionary<string, string> Outcomes() =>
        Experiments.SelectMany(e => ResultsText.Read(_sweeps.ResultsFile(e["Sweeps.".Length..])).Points.Select(p => (e, p)))
            .ToDictionary(
                x => $"{x.e}:{x.p.Key}",
                x => $"{x.p.Status} seed={x.p.Seed} attempts={x.p.Attempts} result={x.p.Result?.GetRawText()} error={x.p.Error?.Kind}");
}
