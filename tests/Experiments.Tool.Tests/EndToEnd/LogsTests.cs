using System.Text.RegularExpressions;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// <c>dotnet experiment logs</c> on the local backend: what a point printed, labelled with its key, cut out of the
/// workers' logs in <c>.experiments/runs/&lt;id&gt;/logs</c>; by default only the failed points; never the worker protocol.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed partial class LogsTests
{
    private readonly SweepsProject _sweeps;

    public LogsTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task Logs_for_a_point_shows_the_line_it_printed_labelled_with_its_key_and_no_protocol()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var logs = await _sweeps.Tool.RunAsync("logs", "--point", "side=right");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        AssertPointPrinted(logs.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.Contains(Path.Combine(_sweeps.Directory, ".experiments", "runs"), logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says left", logs.StandardOutput, StringComparison.Ordinal);
        AssertNoProtocol(logs.StandardOutput);
    }

    [Fact]
    public async Task Logs_without_options_shows_only_the_failed_point_with_its_exception()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Failing.Throw", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 1, run.ToString());
        AssertSummaryShowsWhatThePointPrinted(run.StandardOutput);

        var logs = await _sweeps.Tool.RunAsync("logs");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("Failed points: x=2 (Sweeps.Failing.Throw).", logs.StandardOutput, StringComparison.Ordinal);
        for (var attempt = 1; attempt <= 3; attempt++)
            Assert.Matches($@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt {attempt}, failed\) in \S+worker-\d+\.log:", logs.StandardOutput);
        Assert.Contains("  Sweeps.Failing.Throw gives up on x=2\n  System.InvalidOperationException: x=2 always fails", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("point x=1", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("point x=3", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says", logs.StandardOutput, StringComparison.Ordinal);
        AssertNoProtocol(logs.StandardOutput);
    }

    [Fact]
    public async Task Logs_without_options_after_a_run_with_no_failure_says_so_instead_of_printing_every_point()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());

        var logs = await _sweeps.Tool.RunAsync("logs");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("failed, so there is nothing to show by default; pick a point with --point KEY or a task with --task N.", logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("says", logs.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The section header names the key, the experiment and how the attempt ended; the point's line follows, indented.</summary>
    public static void AssertPointPrinted(string output, string key, string experiment, string ending, string line)
    {
        var header = new Regex($@"^point {Regex.Escape(key)} \({Regex.Escape(experiment)}, task \d+, attempt 1, {ending}\) in .+:$", RegexOptions.Multiline);
        var match = header.Match(output);
        Assert.True(match.Success, $"No section for {key} in:\n{output}");
        var section = output[(match.Index + match.Length)..].TrimStart('\n').Split('\n').TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal));
        Assert.Contains("  " + line, section);
    }

    /// <summary>The end-of-run summary shows, under the failure, the last line the point printed before it threw.</summary>
    public static void AssertSummaryShowsWhatThePointPrinted(string output) =>
        Assert.Matches(
            "\n  Sweeps\\.Failing\\.Throw x=2: exception — System\\.InvalidOperationException: x=2 always fails \\(3 attempts\\)\n" +
            "    last lines it printed \\(all of them: dotnet experiment logs \\S+ --point \"x=2\"\\):\n" +
            "      Sweeps\\.Failing\\.Throw gives up on x=2\n",
            output.ReplaceLineEndings("\n"));

    /// <summary>Worker protocol lines (<c>started 0 1 1</c>, <c>record 0 1 1 succeeded</c>, <c>ready</c>, <c>done 0</c>) stay internal.</summary>
    public static void AssertNoProtocol(string output) =>
        Assert.DoesNotMatch(ProtocolLine(), output);

    [GeneratedRegex(@"^\s*(started \d+ \d+ \d+|record \d+ \d+ \d+ \w+|ready|done \d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ProtocolLine();
}
