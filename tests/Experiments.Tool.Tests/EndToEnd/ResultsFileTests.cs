using System.Text;
using System.Text.Json;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// The results file as a versioned artifact, through the real tool on the Sweeps fixture: what git sees when a grid is
/// run again, concurrent runs, the grid's order, the upgrade from schema 1, and a file broken while a run was going.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class ResultsFileTests
{
    private readonly SweepsProject _sweeps;

    public ResultsFileTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Running_an_unchanged_grid_again_changes_no_point_line_in_git_only_the_runs_list()
    {
        var git = Path.Combine(_sweeps.Directory, ".git");
        try
        {
            await GitAsync("init", "--quiet");
            var first = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "first");
            Assert.True(first.ExitCode == 0, first.ToString());
            await GitAsync("add", "--all");
            await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first results");

            var second = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "second");

            Assert.True(second.ExitCode == 0, second.ToString());
            var numstat = (await GitAsync("diff", "--numstat", "--", "Arithmetic.Sum.results.json")).Trim().Split('\t');
            var (added, deleted) = (int.Parse(numstat[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(numstat[1], System.Globalization.CultureInfo.InvariantCulture));
            var lines = File.ReadAllLines(_sweeps.ResultsFile("Arithmetic.Sum"));
            var runEntry = RunEntryLines(lines, ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum")).Runs[^1].Id);
            // The new entry, plus the comma the entry before it gains.
            Assert.True(added <= runEntry + 1 && deleted <= 1, $"+{added} -{deleted}, a run entry is {runEntry} lines:\n{await GitAsync("diff")}");
            var changed = (await GitAsync("diff", "-U0", "--", "Arithmetic.Sum.results.json")).Split('\n')
                .Where(l => l.StartsWith('+') || l.StartsWith('-'));
            Assert.DoesNotContain(changed, l => l.Contains("\"key\"", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(git))
                Directory.Delete(git, recursive: true);
        }
    }

    [Fact]
    public async Task Eight_concurrent_runs_of_disjoint_points_all_land_in_the_file_with_their_runs()
    {
        var keys = Enumerable.Range(0, 8).Select(i => $"a={1 + i / 4};b={(i / 2 % 2 == 0 ? "0.5" : "1.5")};replicate={i % 2}").ToArray();

        var results = await Task.WhenAll(keys.Select(key => _sweeps.Tool.RunAsync(TimeSpan.FromMinutes(6), "run", "Arithmetic.Sum", "--point", key, "--no-build")));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var file = ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Sum"));
        Assert.Equal(keys.Order(StringComparer.Ordinal), file.Points.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(8, file.Runs.Count);
        Assert.Equal(8, file.Runs.Select(r => r.Id).Distinct().Count());
        var durations = ResultsFileDurations.Read(_sweeps.ResultsFile("Arithmetic.Sum"));
        Assert.Equal(keys.Order(StringComparer.Ordinal), durations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Points_are_in_grid_order_numbers_by_value_not_by_text()
    {
        var result = await _sweeps.Tool.RunAsync("run", "Paced.Samples", "--no-build");

        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = new[] { 100, 1000, 10000 }.SelectMany(s => Enumerable.Range(0, 11).Select(r => $"samples={s};replicate={r}"));
        Assert.Equal(expected, ResultsText.Read(_sweeps.ResultsFile("Paced.Samples")).Points.Select(p => p.Key));
        // The replicates axis is written as start, step and count; the reader gives back its values.
        var text = File.ReadAllText(_sweeps.ResultsFile("Paced.Samples"));
        Assert.Contains("{\"name\":\"replicate\",\"type\":\"int\",\"kind\":\"replicates\",\"start\":0,\"step\":1,\"count\":11}", text, StringComparison.Ordinal);
        Assert.Contains("{\"key\":\"samples=1000;replicate=2\",\"status\":\"succeeded\",\"result\":1002}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Packing_uses_the_runs_summary_on_a_fresh_clone_without_local_durations()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Paced.Step", "--where", "replicate=0,1,2,3", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(4, ResultsFileDurations.Read(_sweeps.ResultsFile("Paced.Step")).Count);
        Assert.All(ResultsFileDurations.Read(_sweeps.ResultsFile("Paced.Step")).Values, s => Assert.InRange(s, 0.15, 30));
        Directory.Delete(Path.Combine(_sweeps.Directory, ".experiments"), recursive: true); // what a fresh clone has

        var dryRun = await _sweeps.Tool.RunAsync("run", "Paced.Step", "--dry-run", "--no-build", "--parallel", "2");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Matches(@"Sweeps\.Paced\.Step\s+30\s+\d+\s+\S+\s+—\s+\d+:\d\d \(\d+(\.\d)? m?s per point, from recorded results\)", dryRun.StandardOutput);
        Assert.Empty(ResultsFileDurations.Read(_sweeps.ResultsFile("Paced.Step")));
    }

    [Fact]
    public async Task A_schema_1_file_is_read_and_the_next_run_upgrades_it_keeping_every_point_and_run()
    {
        var first = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--no-build", "-m", "before the upgrade");
        Assert.True(first.ExitCode == 0, first.ToString());
        var path = _sweeps.ResultsFile("Arithmetic.Sum");
        var original = ResultsText.Read(path);
        File.WriteAllText(path, SchemaOne(original, seconds: 0.125));
        var old = ResultsText.Read(path);
        Assert.Equal((1, 12), (old.Schema, old.Points.Count));
        Assert.Equal(original.Points.Select(p => (p.Key, p.Seed, p.Result!.Value.GetRawText())), old.Points.OrderBy(p => Array.FindIndex(original.Points.ToArray(), o => o.Key == p.Key)).Select(p => (p.Key, p.Seed, p.Result!.Value.GetRawText())));
        Directory.Delete(Path.Combine(_sweeps.Directory, ".experiments"), recursive: true);

        var second = await _sweeps.Tool.RunAsync("run", "Arithmetic.Sum", "--point", "a=2;b=0.5;replicate=1", "--no-build", "-m", "after");

        Assert.True(second.ExitCode == 0, second.ToString());
        var text = File.ReadAllText(path);
        var upgraded = ResultsText.Read(path);
        Assert.Equal(2, upgraded.Schema);
        Assert.Equal(original.Points.Select(p => p.Key), upgraded.Points.Select(p => p.Key));
        Assert.Equal(original.Points.Select(p => p.Result!.Value.GetRawText()), upgraded.Points.Select(p => p.Result!.Value.GetRawText()));
        Assert.Equal(["before the upgrade", "after"], upgraded.Runs.Select(r => r.Message));
        Assert.Equal(new ResultsFileRunPoints(12, 0, 0.125, 0.125, 0.125, 1.5), upgraded.Runs[0].Recorded);
        Assert.DoesNotContain("\"parameters\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"duration\"", text, StringComparison.Ordinal);
        // The durations the old lines carried moved to this machine's durations file.
        var durations = ResultsFileDurations.Read(path);
        Assert.Equal(12, durations.Count);
        Assert.Equal(0.125, durations["a=1;b=0.5;replicate=0"]);
    }

    [Theory]
    [InlineData("merge conflict")]
    [InlineData("folder")]
    public async Task A_results_file_broken_during_a_run_keeps_the_records_for_resume_and_says_so(string breakage)
    {
        var path = _sweeps.ResultsFile("Paced.Step");
        using var tool = _sweeps.Tool.Start("run", "Paced.Step", "--no-build", "--parallel", "1");
        await WaitForAsync(() => tool.Output.Contains("Run ", StringComparison.Ordinal) && tool.Output.Contains(" backend.", StringComparison.Ordinal));
        if (breakage == "folder")
            Directory.CreateDirectory(Path.Combine(path, "inside"));
        else
            File.WriteAllText(path, "{\n  \"schema\": 2,\n<<<<<<< HEAD\n}\n");
        await tool.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken); // the last lines of output

        var output = tool.Output;
        Assert.True(tool.Process.ExitCode == 2, output);
        var runId = System.Text.RegularExpressions.Regex.Match(output, @"Run (\d{8}-\d{6}-[0-9a-f]{4})").Groups[1].Value;
        Assert.Contains(breakage == "folder"
            ? "error: The results file Paced.Step.results.json could not be written: it is a folder, not a file"
            : "error: The results file Paced.Step.results.json:3: not valid JSON", output, StringComparison.Ordinal);
        Assert.Contains($"The 30 finished points of run {runId} are kept in its journal; nothing is lost.", output, StringComparison.Ordinal);
        Assert.Contains($"then record them with: dotnet experiment resume {runId}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

        if (breakage == "folder")
            Directory.Delete(path, recursive: true);
        else
            File.Delete(path);
        var resume = await _sweeps.Tool.RunAsync("resume", runId, "--no-build");

        Assert.True(resume.ExitCode == 0, resume.ToString());
        var file = ResultsText.Read(path);
        Assert.Equal(30, file.Points.Count);
        Assert.All(file.Points, p => Assert.True(p.IsSucceeded));
    }

    /// <summary>The lines of the runs-list entry of <paramref name="runId"/>, from its "{" to its "}".</summary>
    private static int RunEntryLines(string[] lines, string runId)
    {
        var id = Array.FindIndex(lines, l => l.Contains($"\"id\": \"{runId}\"", StringComparison.Ordinal));
        var start = id - 1;
        var end = Array.FindIndex(lines, id, l => l.TrimEnd(',') == "    }");
        Assert.True(start >= 0 && end > start, string.Join('\n', lines));
        return end - start + 1;
    }

    /// <summary>The file as the previous version of the tool wrote it (schema 1): parameters, seed, attempts, duration and run on every line.</summary>
    private static string SchemaOne(ResultsFile file, double seconds)
    {
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var sb = new StringBuilder();
        sb.Append("{\n  \"schema\": 1,\n  \"experiment\": ").Append(JsonSerializer.Serialize(file.Experiment)).Append(",\n");
        sb.Append("  \"gridHash\": ").Append(JsonSerializer.Serialize(file.GridHash)).Append(",\n  \"axes\": [\n");
        sb.Append(string.Join(",\n", file.Axes.Select(a =>
            $"    {{\"name\":\"{a.Name}\",\"type\":\"{a.Type}\",\"kind\":\"{a.Kind}\",\"values\":[{string.Join(",", a.Values.Select(v => v.GetRawText()))}]}}")));
        var run = file.Runs[0];
        sb.Append("\n  ],\n  \"runs\": [\n    {\n");
        sb.Append($"      \"id\": \"{run.Id}\",\n      \"backend\": \"local\",\n      \"startedAt\": \"{ResultsFileWriter.FormatTime(run.StartedAt)}\",\n");
        sb.Append($"      \"message\": \"{run.Message}\",\n      \"toolVersion\": \"0.1.0\",\n      \"dotnetVersion\": \"10.0.0\",\n      \"os\": \"Test OS\"\n    }}\n  ],\n");
        sb.Append("  \"points\": [\n");
        // Schema 1 sorted lines by key as text.
        sb.Append(string.Join(",\n", file.Points.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            $"    {{\"key\":{JsonSerializer.Serialize(p.Key, options)},\"status\":\"{p.Status}\",\"parameters\":{p.Parameters.GetRawText()},\"seed\":{p.Seed},\"attempts\":{p.Attempts},\"duration\":{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"run\":\"{run.Id}\",\"result\":{p.Result!.Value.GetRawText()}}}")));
        sb.Append("\n  ]\n}\n");
        return sb.ToString();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "timed out waiting for the tool");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, _sweeps.Directory, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }
}
