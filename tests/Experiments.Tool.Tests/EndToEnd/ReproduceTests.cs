namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// <c>dotnet experiment reproduce</c> re-runs recorded points of the Sweeps fixture with the current build: a
/// deterministic experiment reproduces bit for bit, one that reads the clock does not, and neither run touches the
/// results file or the run journal.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class ReproduceTests
{
    private readonly SweepsProject _sweeps;

    public ReproduceTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task A_deterministic_experiment_reproduces_every_recorded_point_and_nothing_is_recorded()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        var file = _sweeps.ResultsFile("Arithmetic.Sum");
        var before = File.ReadAllText(file);
        var runs = Directory.GetDirectories(Path.Combine(_sweeps.Directory, ".experiments", "runs"));

        var reproduce = await _sweeps.Tool.RunAsync("reproduce", "Arithmetic.Sum", "--no-build");

        Assert.True(reproduce.ExitCode == 0, reproduce.ToString());
        Assert.Contains("Reproducing 12 of 12 recorded points of Sweeps.Arithmetic.Sum on the local backend…", reproduce.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("All 12 points of Sweeps.Arithmetic.Sum reproduced their recorded outcome (bit for bit).", reproduce.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(": the same build that recorded them.", reproduce.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(file));
        Assert.Equal(runs, Directory.GetDirectories(Path.Combine(_sweeps.Directory, ".experiments", "runs")));
    }

    [Fact]
    public async Task An_experiment_that_reads_the_clock_does_not_reproduce_and_each_mismatch_is_shown()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Clock.Now", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        var recorded = ResultsText.ByKey(_sweeps.ResultsFile("Clock.Now"));

        var reproduce = await _sweeps.Tool.RunAsync("reproduce", "Clock.Now", "--no-build");

        Assert.True(reproduce.ExitCode == 1, reproduce.ToString());
        Assert.Contains("2 of 2 points of Sweeps.Clock.Now did not reproduce (bit for bit):", reproduce.StandardOutput, StringComparison.Ordinal);
        foreach (var (key, point) in recorded)
        {
            var ticks = point.Result!.Value.GetProperty("at").GetProperty("ticks").GetInt64();
            Assert.Matches($@"  {key}  result\.at\.ticks: recorded {ticks}, reproduced [0-9]+\n", reproduce.StandardOutput);
        }
        Assert.DoesNotContain("result.n:", reproduce.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_failures_reproduce_as_failures_and_a_sample_or_a_where_picks_fewer_points()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "Failing.Throw", "--no-build");
        Assert.True(run.ExitCode == 1, run.ToString());

        var failing = await _sweeps.Tool.RunAsync("reproduce", "Failing.Throw", "--no-build");
        var sample = await _sweeps.Tool.RunAsync("reproduce", "Arithmetic.Sum", "--sample", "3", "--no-build");
        var where = await _sweeps.Tool.RunAsync("reproduce", "Arithmetic.Sum", "--where", "a=2", "--point", "a=2;b=0.5;replicate=1", "--no-build");

        Assert.True(failing.ExitCode == 0, failing.ToString());
        Assert.Contains("All 3 points of Sweeps.Failing.Throw reproduced their recorded outcome (bit for bit).", failing.StandardOutput, StringComparison.Ordinal);
        Assert.True(sample.ExitCode == 0, sample.ToString());
        Assert.Contains("Reproducing 3 of 12 recorded points", sample.StandardOutput, StringComparison.Ordinal);
        Assert.True(where.ExitCode == 0, where.ToString());
        Assert.Contains("Reproducing 1 of 12 recorded points", where.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_without_a_recorded_result_or_a_bad_tolerance_is_a_usage_error()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--where", "a=1", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var unrecorded = await _sweeps.Tool.RunAsync("reproduce", "Arithmetic.Sum", "--point", "a=3;b=0.5;replicate=0", "--no-build");
        var tolerance = await _sweeps.Tool.RunAsync("reproduce", "Arithmetic.Sum", "--tolerance", "abc", "--no-build");
        var none = await _sweeps.Tool.RunAsync("reproduce", "Paced.Sum", "--no-build");

        Assert.Equal(2, unrecorded.ExitCode);
        Assert.Contains("Arithmetic.Sum.results.json has no result to compare with for --point a=3;b=0.5;replicate=0; run it first.", unrecorded.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, tolerance.ExitCode);
        Assert.Contains("--tolerance must be a number of 0 or more", tolerance.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("Sweeps.Paced.Sum has no results file (Paced.Sum.results.json) yet", none.StandardError, StringComparison.Ordinal);
    }
}
