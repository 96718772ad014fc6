using System.Text.RegularExpressions;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// Files points write to <c>ExperimentContext.ArtifactsDirectory</c> come home on the local backend: into
/// <c>&lt;Class&gt;.&lt;Method&gt;.artifacts/&lt;point&gt;/</c> beside the results file, where git sees them, with a size cap
/// and an option to leave them in the run's store; <c>run</c>, <c>status</c> and <c>report</c> say where they are.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class ArtifactsTests
{
    private readonly SweepsProject _sweeps;

    public ArtifactsTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    private string Home => Path.Combine(_sweeps.Directory, "Drawing.Draw.artifacts");

    [Fact]
    public async Task A_run_brings_each_points_files_home_beside_the_results_file_and_status_report_and_git_show_them()
    {
        await using var git = await GitRepository.InitAsync(_sweeps.Directory);

        var run = await _sweeps.Tool.RunAsync("run", "Drawing.Draw", "--no-build");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertPointFiles(Home, 1, 2, 3);
        Assert.Contains("  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", run.StandardOutput, StringComparison.Ordinal);

        var status = await _sweeps.Tool.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("  files:  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", status.StandardOutput, StringComparison.Ordinal);

        // The tool's own ignore file covers its journal only: the collected files are for the user to commit or ignore.
        var untracked = await git.RunAsync("status", "--porcelain", "--untracked-files=all");
        Assert.Contains("?? Drawing.Draw.artifacts/" + PointFolderName(Home, 2) + "/data/samples.bin", untracked, StringComparison.Ordinal);
        Assert.DoesNotContain(".experiments", untracked, StringComparison.Ordinal);

        var report = await _sweeps.Tool.RunAsync("report", "Drawing.Draw");
        Assert.True(report.ExitCode == 0, report.ToString());
        var html = File.ReadAllText(Path.Combine(_sweeps.Directory, "report", "index.html"));
        var markdown = File.ReadAllText(Path.Combine(_sweeps.Directory, "report", "README.md"));
        var link = $"../Drawing.Draw.artifacts/{PointFolderName(Home, 3)}/figure.txt";
        Assert.Contains("<h3>Artifacts</h3>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{link}\">figure.txt</a>", html, StringComparison.Ordinal);
        Assert.Contains($"[data/samples.bin](../Drawing.Draw.artifacts/{PointFolderName(Home, 1)}/data/samples.bin)", markdown, StringComparison.Ordinal);
        Assert.Equal("figure of n=3", File.ReadAllText(Path.GetFullPath(link, Path.Combine(_sweeps.Directory, "report"))));
    }

    [Fact]
    public async Task Points_beyond_the_size_cap_stay_in_the_store_and_the_run_says_where_and_which_setting_raises_it()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Drawing.Draw", "--no-build", "--artifacts-max-size", "2.5kB");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertPointFiles(Home, 1);
        Assert.Single(Directory.GetDirectories(Home));
        var runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(_sweeps.Directory, ".experiments", "runs")));
        var store = Path.Combine(runFolder, "artifacts");
        Assert.Matches(
            $@"  artifacts of 2 points \(5\.03 kB\) of Sweeps\.Drawing\.Draw left in {Regex.Escape(store)}/Sweeps\.Drawing\.Draw-[0-9a-f]{{12}}: " +
            @"over the 2\.5 kB cap \(artifacts\.maxSize in experiments\.json, or --artifacts-max-size\)\n",
            run.StandardOutput);
        AssertPointFiles(Directory.GetDirectories(store).Single(), 1, 2, 3);
    }

    [Fact]
    public async Task Leaving_artifacts_in_the_store_says_that_the_local_store_is_the_git_ignored_journal()
    {
        File.WriteAllText(Path.Combine(_sweeps.Directory, "experiments.json"), """{ "artifacts": { "collect": false } }""");
        try
        {
            var run = await _sweeps.Tool.RunAsync("run", "Drawing.Draw", "--no-build");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.False(Directory.Exists(Home));
            Assert.Contains(
                "not collected (--leave-artifacts, or artifacts.collect: false in experiments.json); that is the run's journal, which git ignores and `dotnet experiment clean` deletes\n",
                run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(Path.Combine(_sweeps.Directory, "experiments.json"));
        }
    }

    [Fact]
    public async Task A_size_that_is_not_one_is_refused_before_the_build_naming_the_flag_and_examples()
    {
        var run = await _sweeps.Tool.RunAsync("run", "Drawing.Draw", "--no-build", "--artifacts-max-size", "lots");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--artifacts-max-size 'lots' is not a size (e.g. 500MB, 2 GB, 1GiB or a number of bytes).", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Each point n's folder holds its figure and n kB of data, as the point wrote them.</summary>
    internal static void AssertPointFiles(string home, params int[] points)
    {
        foreach (var n in points)
        {
            var folder = Path.Combine(home, PointFolderName(home, n));
            Assert.Equal($"figure of n={n}", File.ReadAllText(Path.Combine(folder, "figure.txt")));
            Assert.Equal(1000 * n, new FileInfo(Path.Combine(folder, "data", "samples.bin")).Length);
        }
    }

    /// <summary>The folder of point n=<paramref name="n"/>: its key, then a hash of it.</summary>
    public static string PointFolderName(string home, int n) =>
        Path.GetFileName(Assert.Single(Directory.GetDirectories(home, $"n={n}-*")));
}
