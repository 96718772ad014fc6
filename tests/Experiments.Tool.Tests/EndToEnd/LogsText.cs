using System.Text.RegularExpressions;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>What <c>logs</c> and the run summary must show, shared by the local and Slurm tests.</summary>
public static partial class LogsText
{
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
