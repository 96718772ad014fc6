using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>A run records the commit its code came from, and whether the working tree differed from it.</summary>
[Collection(SweepsCollection.Name)]
public sealed class GitProvenanceTests
{
    private readonly SweepsProject _sweeps;

    public GitProvenanceTests(SweepsProject sweeps)
    {
        _sweeps = sweeps;
        sweeps.Reset();
    }

    [Fact]
    public async Task The_commit_is_recorded_and_the_tree_is_dirty_only_when_code_changed()
    {
        var git = Path.Combine(_sweeps.Directory, ".git");
        var extra = Path.Combine(_sweeps.Directory, "Notes.cs");
        try
        {
            await GitAsync("init", "--quiet");
            await GitAsync("add", "--all");
            await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "fixture");
            var head = (await GitAsync("rev-parse", "HEAD")).Trim();

            var clean = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
            Assert.True(clean.ExitCode == 0, clean.ToString());
            var cleanRun = Assert.Single(ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Print")).Runs);
            Assert.Equal((head, false), (cleanRun.GitCommit, cleanRun.GitDirty));

            // The results file and the journal the first run wrote do not make the tree dirty; a new source file does.
            File.WriteAllText(extra, "// a change to the code\n");
            var dirty = await _sweeps.Tool.RunAsync("run", "Arithmetic.Print", "--no-build");
            Assert.True(dirty.ExitCode == 0, dirty.ToString());
            // The other run, not the last: runs are ordered by id, and two short runs can begin in the same second.
            var dirtyRun = Assert.Single(ResultsText.Read(_sweeps.ResultsFile("Arithmetic.Print")).Runs, r => r.Id != cleanRun.Id);
            Assert.Equal((head, true), (dirtyRun.GitCommit, dirtyRun.GitDirty));
        }
        finally
        {
            File.Delete(extra);
            if (Directory.Exists(git))
                Directory.Delete(git, recursive: true);
        }
    }

    private async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, _sweeps.Directory, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }
}
