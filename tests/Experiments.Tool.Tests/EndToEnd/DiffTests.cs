using System.Text.Json;
using System.Text.RegularExpressions;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// <c>dotnet experiment diff</c> on results files the tool recorded in the Sweeps fixture, committed to a git repository
/// made for each test: between commits, against the working file, as markdown and JSON, and through git's own
/// <c>git diff</c> / <c>git log -p</c> with the diff driver configured as the README shows.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class DiffTests
{
    private readonly SweepsProject _sweeps;

    public DiffTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Between_two_commits_it_lists_each_changed_field_and_sums_up_by_axis_value_and_exits_1()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);
        await RunAsync("Arithmetic.Sum");
        await git.CommitAllAsync("first sweep");
        ChangeSums(a: 1, to: "99");
        await RunAsync("Failing.Throw");
        await git.CommitAllAsync("edited sums, a new experiment");

        var sum = await _sweeps.Tool.RunAsync("diff", "Arithmetic.Sum", "--from", "HEAD~1", "--to", "HEAD");
        var added = await _sweeps.Tool.RunAsync("diff", "Throw", "--from", "HEAD~1", "--to", "HEAD");
        var unchanged = await _sweeps.Tool.RunAsync("diff");

        Assert.True(sum.ExitCode == 1, sum.ToString());
        Assert.Contains("Sweeps.Arithmetic.Sum (Arithmetic.Sum.results.json): HEAD~1 → HEAD", sum.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"a=1;b=0\.5;replicate=0\s+result\.sum: 1\.5 → 99\n", sum.StandardOutput);
        Assert.Matches(@"a=1;b=1\.5;replicate=1\s+result\.sum: 2\.5 → 99\n", sum.StandardOutput);
        Assert.Equal(4, Regex.Matches(sum.StandardOutput, "result.sum: ").Count);
        Assert.Contains("Summary: result.sum changed on 4 points, all at a=1.", sum.StandardOutput, StringComparison.Ordinal);

        Assert.True(added.ExitCode == 1, added.ToString());
        Assert.Matches(@"x=2\s+added: failed \(exception: x=2 always fails\)", added.StandardOutput);
        Assert.Contains("Summary: 3 points added.", added.StandardOutput, StringComparison.Ordinal);

        // HEAD against the working files, which are as committed.
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Contains("Sweeps.Arithmetic.Sum (Arithmetic.Sum.results.json): no differences between HEAD and working file.", unchanged.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Sweeps.Failing.Throw (Failing.Throw.results.json): no differences between HEAD and working file.", unchanged.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_is_a_summary_and_a_table_and_json_lists_every_field_with_its_types()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);
        await RunAsync("Arithmetic.Sum");
        await git.CommitAllAsync("first sweep");
        ChangeSums(a: 3, to: "7.25");

        var markdown = await _sweeps.Tool.RunAsync("diff", "Sum", "--format", "md");
        var json = await _sweeps.Tool.RunAsync("diff", "Arithmetic.Sum", "--format", "json");

        Assert.True(markdown.ExitCode == 1, markdown.ToString());
        Assert.Contains("### Sweeps.Arithmetic.Sum\n\n`HEAD` → `working file` in `Arithmetic.Sum.results.json`:\n\n- result.sum changed on 4 points, all at a=3\n", markdown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| point | change | from | to |\n|---|---|---|---|\n| `a=3;b=0.5;replicate=0` | result.sum | 3.5 | 7.25 |\n", markdown.StandardOutput, StringComparison.Ordinal);

        Assert.True(json.ExitCode == 1, json.ToString());
        var root = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.True(root.GetProperty("changed").GetBoolean());
        var experiment = Assert.Single(root.GetProperty("experiments").EnumerateArray());
        var summary = Assert.Single(experiment.GetProperty("summary").EnumerateArray());
        Assert.Equal(("result.sum", 4, "a", "3", 4), (summary.GetProperty("what").GetString(), summary.GetProperty("points").GetInt32(),
            summary.GetProperty("axis").GetString(), summary.GetProperty("value").GetString(), summary.GetProperty("atValue").GetInt32()));
        var points = experiment.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(4, points.Length);
        var field = Assert.Single(points[0].GetProperty("fields").EnumerateArray());
        Assert.Equal("result.sum", field.GetProperty("path").GetString());
        Assert.Equal(3.5, field.GetProperty("from").GetDouble());
        Assert.Equal(7.25, field.GetProperty("to").GetDouble());
        Assert.Equal(3, points[0].GetProperty("parameters").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task A_tolerance_lets_numbers_differ_by_at_most_that_much()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);
        await RunAsync("Arithmetic.Sum");
        await git.CommitAllAsync("first sweep");
        ChangeSums(a: 2, to: "2.5000000001"); // a=2, b=0.5 was 2.5: off by 1e-10; a=2, b=1.5 was 3.5: off by 1

        var exact = await _sweeps.Tool.RunAsync("diff", "Sum");
        var tolerant = await _sweeps.Tool.RunAsync("diff", "Sum", "--tolerance", "1e-9");
        var loose = await _sweeps.Tool.RunAsync("diff", "Sum", "--tolerance", "1");

        Assert.True(exact.ExitCode == 1, exact.ToString());
        Assert.Contains("result.sum changed on 4 points, all at a=2.", exact.StandardOutput, StringComparison.Ordinal);
        Assert.True(tolerant.ExitCode == 1, tolerant.ToString());
        Assert.Contains("result.sum changed on 2 points, all at a=2.", tolerant.StandardOutput, StringComparison.Ordinal);
        Assert.True(loose.ExitCode == 0, loose.ToString());
    }

    [Fact]
    public async Task Git_diff_and_git_log_print_the_summary_through_the_diff_driver()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);
        // As the README says to set it up, with the tool under test in place of "dotnet experiment".
        var tool = $"dotnet \"{ToolRunner.ToolPath}\"";
        File.WriteAllText(Path.Combine(_sweeps.Directory, ".gitattributes"), "*.results.json diff=experiments\n");
        await git.RunAsync("config", "diff.experiments.command", $"{tool} diff --git-driver");
        await git.RunAsync("config", "diff.experiments.textconv", $"{tool} diff --textconv");
        await RunAsync("Arithmetic.Sum");
        await git.CommitAllAsync("first sweep");
        ChangeSums(a: 1, to: "99");

        var diff = await git.RunAsync("diff");
        await git.CommitAllAsync("edited sums");
        var logExt = await git.RunAsync("log", "-p", "--ext-diff", "-1");
        var logTextconv = await git.RunAsync("log", "-p", "-1");

        Assert.Contains("experiments diff a/Arithmetic.Sum.results.json b/Arithmetic.Sum.results.json", diff, StringComparison.Ordinal);
        Assert.Contains("Summary: result.sum changed on 4 points, all at a=1.", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\":", diff, StringComparison.Ordinal);
        Assert.Contains("Summary: result.sum changed on 4 points, all at a=1.", logExt, StringComparison.Ordinal);
        // Without --ext-diff git diffs the textconv text: one readable line per point.
        Assert.Matches(@"\n-a=1;b=0\.5;replicate=0  succeeded  result\.sum=1\.5 ", logTextconv);
        Assert.Matches(@"\n\+a=1;b=0\.5;replicate=0  succeeded  result\.sum=99 ", logTextconv);
    }

    [Fact]
    public async Task A_run_is_a_side_holding_the_points_it_ran()
    {
        // Each run's id is taken as it appears: ids begin with the second they were made, and two short runs can share one.
        var runs = new List<string>();
        await NewRunAsync(runs, () => RunAsync("Clock.Now"));
        await NewRunAsync(runs, () => RunAsync("Clock.Now"));
        await NewRunAsync(runs, () => RunAsync("Arithmetic.Sum"));
        await NewRunAsync(runs, async () =>
        {
            var slice = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--where", "a=1", "--no-build");
            Assert.True(slice.ExitCode == 0, slice.ToString());
        });
        Assert.Equal(4, runs.Count);

        var clocks = await _sweeps.Tool.RunAsync("diff", "Clock.Now", "--from", runs[0], "--to", runs[1]);
        var latestClock = await _sweeps.Tool.RunAsync("diff", "Clock.Now", "--from", runs[1]);
        var partial = await _sweeps.Tool.RunAsync("diff", "Arithmetic.Sum", "--from", runs[3]);

        Assert.True(clocks.ExitCode == 1, clocks.ToString());
        Assert.Contains($"Sweeps.Clock.Now (Clock.Now.results.json): run {runs[0]} → run {runs[1]}", clocks.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Summary: result.at.ticks changed on 2 points.", clocks.StandardOutput, StringComparison.Ordinal);
        // What the last run produced is what the working file holds.
        Assert.True(latestClock.ExitCode == 0, latestClock.ToString());
        Assert.Contains($"no differences between run {runs[1]} and working file.", latestClock.StandardOutput, StringComparison.Ordinal);
        // The slice ran 4 of the 12 points: the other 8 are neither added nor removed.
        Assert.True(partial.ExitCode == 0, partial.ToString());
    }

    [Fact]
    public async Task A_revision_git_does_not_know_or_an_unknown_format_is_a_usage_error()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);
        await RunAsync("Arithmetic.Sum");
        await git.CommitAllAsync("first sweep");

        var revision = await _sweeps.Tool.RunAsync("diff", "Sum", "--from", "no-such-branch");
        var format = await _sweeps.Tool.RunAsync("diff", "Sum", "--format", "xml");
        var name = await _sweeps.Tool.RunAsync("diff", "NoSuchExperiment");

        Assert.Equal(2, revision.ExitCode);
        Assert.Contains("--from 'no-such-branch' is not an existing file and not a git revision", revision.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("xml", format.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, name.ExitCode);
        Assert.Contains("No results file of an experiment 'NoSuchExperiment'.", name.StandardError, StringComparison.Ordinal);
        Assert.Contains("Sweeps.Arithmetic.Sum (Arithmetic.Sum.results.json)", name.StandardError, StringComparison.Ordinal);
    }

    private async Task NewRunAsync(List<string> runs, Func<Task> run)
    {
        var folder = Path.Combine(_sweeps.Directory, ".experiments", "runs");
        string[] Ids() => Directory.Exists(folder) ? Directory.GetDirectories(folder).Select(d => Path.GetFileName(d)!).ToArray() : [];
        var before = Ids();
        await run();
        runs.Add(Assert.Single(Ids().Except(before, StringComparer.Ordinal)));
    }

    private async Task RunAsync(string experiment)
    {
        var run = await _sweeps.Tool.RunAsync("run", experiment, "--no-build");
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
    }

    /// <summary>Edits the file as a changed computation would: every sum of the points with this <paramref name="a"/>.</summary>
    private void ChangeSums(int a, string to)
    {
        var path = _sweeps.ResultsFile("Arithmetic.Sum");
        var lines = File.ReadAllLines(path).Select(line =>
            line.Contains($"\"key\":\"a={a};", StringComparison.Ordinal)
                ? Regex.Replace(line, "\"sum\":[0-9.]+", $"\"sum\":{to}")
                : line);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }
}
