using System.Diagnostics;
using Experiments.TestSupport;
using Experiments.TestSupport.Services;
using Experiments.Tool.Progress;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// The live heatmap in a real terminal: the tool runs under tmux, and the screen is read with <c>capture-pane</c> while
/// the sweep runs and after it ends — the picture fills in cell by cell, the counts line stays.
/// </summary>
public class LivePlotTests
{
    private const string PaintedSource = """
        using Experiments;

        namespace Sweeps;

        /// <summary>Added by the live-plot test: 6 × 4 points of 300 ms, true where x > y.</summary>
        public static class Painted
        {
            [Experiment]
            public static async Task<bool> Grid([Grid(1, 2, 3, 4, 5, 6)] int x, [Grid(1, 2, 3, 4)] int y, CancellationToken cancellationToken)
            {
                await Task.Delay(300, cancellationToken);
                return x > y;
            }
        }
        """;

    [Fact]
    public async Task The_heatmap_fills_in_as_points_finish_and_the_counts_line_stays()
    {
        RequiredService.Require("tmux", Which("tmux") is null ? "no 'tmux' on PATH" : null, "sudo apt-get install -y tmux (./test.sh does it)");
        using var project = await SweepsProject.CopyAndBuildAsync(("Painted.cs", PaintedSource));
        using var terminal = new TmuxTerminal(project, [ToolRunner.ToolPath, "run", "Painted.Grid", "--no-build", "--parallel", "1"]);

        // While it runs: some cells drawn, some still pending.
        var during = await terminal.WaitForScreenAsync(s => Cells(s).Filled > 0 && Cells(s).Pending > 0, TimeSpan.FromMinutes(2));
        // At the end: every cell drawn.
        var after = await terminal.WaitForScreenAsync(s => s.Contains("finished:", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        Assert.Contains("fraction result over x × y", during);
        Assert.Contains("done ", during);
        Assert.Contains("done 24", after);
        var (filledDuring, pendingDuring) = Cells(during);
        var (filledAfter, pendingAfter) = Cells(after);
        Assert.True(filledAfter > filledDuring, $"the heatmap should have grown: {filledDuring} cells drawn during the run, {filledAfter} after.\n{during}\n---\n{after}");
        Assert.Equal((24, 0), (filledAfter / 2, pendingAfter)); // each cell is two characters wide
        Assert.True(pendingDuring > 0);
    }

    [Fact]
    public async Task No_live_plot_keeps_only_the_counts()
    {
        RequiredService.Require("tmux", Which("tmux") is null ? "no 'tmux' on PATH" : null, "sudo apt-get install -y tmux (./test.sh does it)");
        using var project = await SweepsProject.CopyAndBuildAsync(("Painted.cs", PaintedSource));
        using var terminal = new TmuxTerminal(project, [ToolRunner.ToolPath, "run", "Painted.Grid", "--no-build", "--parallel", "2", "--no-live-plot"]);

        var during = await terminal.WaitForScreenAsync(s => s.Contains("done ", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        var after = await terminal.WaitForScreenAsync(s => s.Contains("finished:", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        Assert.DoesNotContain("over x × y", during + after);
        Assert.Contains("done 24", after);
    }

    /// <summary>Characters of drawn and of pending cells in the heatmap's rows (between its title and its x axis line).</summary>
    private static (int Filled, int Pending) Cells(string screen)
    {
        var lines = screen.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains(" over x × y", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.Contains("x → ", StringComparison.Ordinal));
        if (start < 0 || end < start)
            return (0, 0);
        var rows = lines[(start + 1)..end];
        return (rows.Sum(r => r.Count(c => c == '█')), rows.Sum(r => r.Count(c => c == LiveHeatmap.Pending)));
    }

    internal static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>A detached tmux session of 160 × 50 running one command in the project's folder; the pane stays after it exits.</summary>
    private sealed class TmuxTerminal : IDisposable
    {
        private readonly string _session = $"exp-live-{Guid.NewGuid():N}"[..20];

        public TmuxTerminal(FixtureProject project, IReadOnlyList<string> toolArguments)
        {
            var environment = string.Join(" ", project.BuildEnvironment.Where(e => e.Value is not null).Select(e => $"{e.Key}={Quote(e.Value!)}"));
            var command = $"cd {Quote(project.ProjectDirectory)} && env -u NO_COLOR -u CI {environment} dotnet {string.Join(" ", toolArguments.Select(Quote))}; sleep 600";
            Tmux("new-session", "-d", "-s", _session, "-x", "160", "-y", "50", command);
        }

        public async Task<string> WaitForScreenAsync(Func<string, bool> condition, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var screen = "";
            while (clock.Elapsed < timeout)
            {
                screen = Tmux("capture-pane", "-p", "-t", _session);
                if (condition(screen))
                    return screen;
                await Task.Delay(200);
            }
            throw new TimeoutException($"The screen did not show what was expected within {timeout}:\n{screen}");
        }

        public void Dispose() => Tmux("kill-session", "-t", _session);

        private static string Tmux(params string[] arguments)
        {
            var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
                info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }

        private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
