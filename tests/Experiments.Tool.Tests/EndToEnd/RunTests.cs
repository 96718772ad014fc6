using Experiments.TestSupport;
using Experiments.Points;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary><c>dotnet experiment run</c> on the Sweeps fixture: what lands in the results files.</summary>
[Collection(SweepsCollection.Name)]
public sealed class RunTests
{
    private readonly SweepsProject _sweeps;

    public RunTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_full_sweep_records_every_point_of_every_experiment_and_exits_1_for_the_failures()
    {
        // Every experiment but Long.Wait, whose points wait a minute (it is for stopping runs, not for finishing them).
        var result = await _sweeps.Tool.RunAsync(
            "run", "Arithmetic.Sum", "Print", "Throw", "SecondTime", "Crashing.Exit", "FailFast", "StackOverflow", "Sleep", "Runaway", "Step", "Paced.Sum",
            "--no-build", "-m", "full sweep");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("finished: 60 succeeded, 6 failed, 0 not run, of 66 planned.", result.StandardOutput, StringComparison.Ordinal);
        var expected = new Dictionary<string, int>
        {
            ["Arithmetic.Sum"] = 12, ["Arithmetic.Print"] = 2, ["Failing.Throw"] = 3, ["Flaky.SecondTime"] = 2,
            ["Crashing.Exit"] = 3, ["Crashing.FailFast"] = 3, ["Crashing.StackOverflow"] = 3, ["Slow.Sleep"] = 3,
            ["Slow.Runaway"] = 3, ["Paced.Step"] = 30, ["Paced.Sum"] = 2,
        };
        foreach (var (name, points) in expected)
        {
            var file = ResultsText.Read(_sweeps.ResultsFile(name));
            Assert.Equal(points, file.Points.Count);
            Assert.Equal("full sweep", Assert.Single(file.Runs).Message);
            Assert.Contains($"recorded {points} point{(points == 1 ? "" : "s")} in {name}.results.json", result.StandardOutput, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(_sweeps.ResultsFile("Long.Wait")));
        Assert.Contains("Failed points (6):", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_results_file_holds_each_point_on_one_line_with_key_parameters_seed_and_result()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "line by line");

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Sum"));
        Approvals.Verify(ResultsText.Masked(text), "Arithmetic.Sum.results");
        // Masked above; checked here: each seed is the derived one, and the result is what the method returned for it.
        foreach (var point in ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points)
        {
            Assert.Equal(Seeds.Derive("Sweeps.Arithmetic.Sum", point.Key), point.Seed);
            var parameters = point.Parameters;
            var result1 = point.Result!.Value;
            Assert.Equal(parameters.GetProperty("a").GetInt32() + parameters.GetProperty("b").GetDouble(), result1.GetProperty("sum").GetDouble());
            Assert.Equal(point.Seed, result1.GetProperty("seed").GetInt32());
        }
        Assert.DoesNotContain(_sweeps.Directory, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_are_recorded_with_their_error_after_every_retry_and_a_retry_that_succeeds_counts_its_attempts()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Failing.Throw", "Flaky.SecondTime", "--no-build");

        Assert.True(result.ExitCode == 1, result.ToString());
        var failing = ResultsText.ByKey(_sweeps.ResultsFile("Failing.Throw"));
        Assert.Equal(["x=1", "x=2", "x=3"], failing.Keys.Order(StringComparer.Ordinal));
        var x2 = failing["x=2"];
        Assert.Equal(("failed", 3, "exception"), (x2.Status, x2.Attempts, x2.Error!.Kind));
        Assert.Equal("System.InvalidOperationException", x2.Error.Type);
        Assert.Equal("x=2 always fails", x2.Error.Message);
        Assert.Contains("Failing.cs:line", x2.Error.Detail, StringComparison.Ordinal);
        Assert.Null(x2.Result);
        Assert.Equal(10, failing["x=1"].Result!.Value.GetInt32());
        Assert.Equal(30, failing["x=3"].Result!.Value.GetInt32());

        var flaky = ResultsText.ByKey(_sweeps.ResultsFile("Flaky.SecondTime"));
        Assert.All(flaky.Values, p => Assert.Equal(("succeeded", 2, 2), (p.Status, p.Attempts, p.Result!.Value.GetInt32())));
        Assert.Contains("Sweeps.Failing.Throw x=2: exception — System.InvalidOperationException: x=2 always fails (3 attempts)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_past_its_timeout_is_recorded_as_a_timeout_and_the_points_around_it_still_run()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Slow.Sleep", "Slow.Runaway", "--no-build");

        Assert.True(result.ExitCode == 1, result.ToString());
        var sleep = ResultsText.ByKey(_sweeps.ResultsFile("Slow.Sleep"));
        Assert.Equal(("failed", "timeout"), (sleep["milliseconds=5000"].Status, sleep["milliseconds=5000"].Error!.Kind));
        Assert.Equal(10, sleep["milliseconds=10"].Result!.Value.GetInt32());
        Assert.Equal(20, sleep["milliseconds=20"].Result!.Value.GetInt32());

        // A point that ignores its token is ended by ending its worker; a new worker runs the point after it.
        var runaway = ResultsText.ByKey(_sweeps.ResultsFile("Slow.Runaway"));
        Assert.Equal(("failed", "timeout"), (runaway["step=stuck"].Status, runaway["step=stuck"].Error!.Kind));
        Assert.Equal("before", runaway["step=before"].Result!.Value.GetString());
        Assert.Equal("after", runaway["step=after"].Result!.Value.GetString());
    }

    [Fact]
    public async Task A_point_that_crashes_its_worker_fails_alone()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Crashing.Exit", "Crashing.FailFast", "Crashing.StackOverflow", "--no-build");

        Assert.True(result.ExitCode == 1, result.ToString());
        foreach (var name in new[] { "Crashing.Exit", "Crashing.FailFast", "Crashing.StackOverflow" })
        {
            var points = ResultsText.ByKey(_sweeps.ResultsFile(name));
            Assert.Equal(("succeeded", 1), (points["p=1"].Status, points["p=1"].Result!.Value.GetInt32()));
            Assert.Equal(("succeeded", 3), (points["p=3"].Status, points["p=3"].Result!.Value.GetInt32()));
            Assert.Equal(("failed", "crash"), (points["p=2"].Status, points["p=2"].Error!.Kind));
        }
        Assert.Equal(2, ResultsText.ByKey(_sweeps.ResultsFile("Crashing.FailFast"))["p=2"].Attempts);
        Assert.Contains("exited with code 3", ResultsText.ByKey(_sweeps.ResultsFile("Crashing.Exit"))["p=2"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_runs_a_slice_and_records_only_its_points()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--where", "a=2,3", "--where", "replicate=1", "--no-build");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["a=2;b=0.5;replicate=1", "a=2;b=1.5;replicate=1", "a=3;b=0.5;replicate=1", "a=3;b=1.5;replicate=1"],
            ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points.Select(p => p.Key));
    }

    [Fact]
    public async Task One_point_runs_by_its_key_without_naming_the_experiment()
    {
        var result = await _sweeps.Tool.RunAsync("run", "--point", "a=3;b=1.50;replicate=1", "--no-build");

        Assert.True(result.ExitCode == 0, result.ToString());
        var point = Assert.Single(ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Points);
        Assert.Equal("a=3;b=1.5;replicate=1", point.Key);
        Assert.Equal(4.5, point.Result!.Value.GetProperty("sum").GetDouble());
        Assert.Equal(["Arithmetic.Sum.results.json"], Directory.GetFiles(_sweeps.Directory, "*.results.json").Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_second_run_of_an_unchanged_grid_keeps_the_lines_and_adds_its_run()
    {
        var first = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "first");
        var second = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "second");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        var text = File.ReadAllText(_sweeps.ResultsFile("Arithmetic.Sum"));
        var file = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum"));
        Assert.Equal(12, file.Points.Count);
        Assert.Equal(12, text.Split('\n').Count(l => l.TrimStart().StartsWith("{\"key\":", StringComparison.Ordinal)));
        // Every run that recorded into the file stays listed, with how many points it recorded.
        Assert.Equal(["first", "second"], file.Runs.Select(r => r.Message));
        Assert.All(file.Runs, r => Assert.Equal(12, r.Recorded!.Points));
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_with_an_estimate_from_recorded_durations_and_submits_nothing()
    {
        var before = await _sweeps.Tool.RunAsync("run", "Paced.Step", "--dry-run", "--no-build", "--parallel", "2", "--points-per-task", "4");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Contains("Plan for 30 points in 8 tasks on the local backend (2 at a time):", before.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("unknown (no recorded durations)", before.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was submitted.", before.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sweeps.Directory, ".experiments")));
        Assert.False(File.Exists(_sweeps.ResultsFile("Paced.Step")));

        var run = await _sweeps.Tool.RunAsync("run", "Paced.Step", "--where", "replicate=0,1,2,3", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = await _sweeps.Tool.RunAsync("run", "Paced.Step", "--dry-run", "--no-build", "--parallel", "2");
        Assert.Matches(@"Sweeps\.Paced\.Step\s+30\s+\d+\s+\S+\s+—\s+\d+:\d\d \(\d+(\.\d)? m?s per point, from recorded results\)", after.StandardOutput);
        Assert.Single(Directory.GetDirectories(Path.Combine(_sweeps.Directory, ".experiments", "runs")));
    }

    [Fact]
    public async Task List_shows_every_experiment_and_pages_through_point_keys()
    {
        var list = await _sweeps.Tool.RunAsync("list", "--no-build");
        var points = await _sweeps.Tool.RunAsync("list", "--no-build", "--points", "Arithmetic.Sum", "--skip", "2", "--take", "3");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("16 experiments in Sweeps:", list.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Sweeps\.Arithmetic\.Sum\s+a \(3\) × b \(2\) × replicate \(2\)\s+12\s+no timeout, 0 retries, 1 cpu", list.StandardOutput);
        Assert.Matches(@"Sweeps\.Slow\.Sleep\s+milliseconds \(3\)\s+3\s+timeout 00:00:01, 0 retries, 1 cpu", list.StandardOutput);
        Assert.True(points.ExitCode == 0, points.ToString());
        Assert.Equal("a=1;b=1.5;replicate=0\na=1;b=1.5;replicate=1\na=2;b=0.5;replicate=0\n", points.StandardOutput);
        Assert.Contains("Points 3–5 of 12 of Sweeps.Arithmetic.Sum; --skip 5 for the next page.", points.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_lists_the_journal_newest_first_with_counts_and_messages()
    {
        await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build", "-m", "printing");
        await _sweeps.Tool.RunAsync("run", "Failing.Throw", "--no-build", "-m", "throwing");

        var runs = await _sweeps.Tool.RunAsync("runs");

        Assert.True(runs.ExitCode == 0, runs.ToString());
        var lines = runs.StandardOutput.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d{8}-\d{6}-[0-9a-f]{4}")).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"local\s+finished with failures\s+2\s+1\s+3\s+throwing$", lines[0]);
        Assert.Matches(@"local\s+recorded\s+2\s+0\s+2\s+printing$", lines[1]);
    }
}
