using Experiments.TestSupport;
using Experiments.Tool.Cli;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

/// <summary>Mistakes caught before any project is built: one message on stderr, a non-zero exit, no stack trace.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "run", "--backend", "slurrm" }, "error: Unknown backend 'slurrm'. Valid backends: aws-batch, azure-batch, gcp-batch, local, slurm.")]
    [InlineData(new[] { "run", "--parallel", "0" }, "error: --parallel must be a whole number of 1 or more, not '0'.")]
    [InlineData(new[] { "run", "--points-per-task", "many" }, "error: --points-per-task must be a whole number of 1 or more, not 'many'.")]
    [InlineData(new[] { "run", "--where", "delta" }, "error: --where 'delta' has no '='. Write AXIS=VALUE[,VALUE…], e.g. --where delta=0.5,0.6.")]
    [InlineData(new[] { "list", "--skip", "5" }, "error: --skip and --take page through the points of one experiment; add --points EXPERIMENT.")]
    [InlineData(new[] { "runx" }, "error: Unknown command 'runx'. Valid commands: list, run, resume, runs, status, cancel, logs, clean, report, init, diff, export, reproduce.")]
    [InlineData(new[] { "run", "--frobnicate" }, "error: Unrecognized option '--frobnicate'. See 'dotnet experiment run --help' for the valid ones.")]
    [InlineData(new[] { "list", "--frobnicate" }, "error: Unrecognized command or argument '--frobnicate'.")]
    [InlineData(new[] { "list", "--take", "0", "--points", "Sum" }, "error: --take must be a whole number of 1 or more, not '0'.")]
    [InlineData(new[] { "export", "Sum" }, "error: Option '--format' is required.")]
    [InlineData(new[] { "reproduce", "Sum", "--sample", "0" }, "error: --sample must be a whole number of 1 or more, not '0'.")]
    [InlineData(new[] { "diff", "--tolerance", "x" }, "error: --tolerance must be a number of 0 or more (an absolute difference, e.g. 1e-9), not 'x'.")]
    [InlineData(new[] { "clean", "--older-than", "30" }, "error: --older-than must be a whole number followed by w (weeks), d (days) or h (hours), such as 30d, 2w or 12h, not '30'.")]
    [InlineData(new[] { "clean", "--keep-last", "-1" }, "error: --keep-last must be a whole number of 0 or more, not '-1'.")]
    public async Task A_mistake_in_the_arguments_is_one_clear_error_and_exit_code_2(string[] args, string firstLine)
    {
        var console = new TestConsole();

        var exit = await ToolApp.RunAsync(args, console.Console);

        Assert.Equal(2, exit);
        Assert.Equal(firstLine, console.Error.Split('\n')[0]);
        Assert.DoesNotContain("   at ", console.Error, StringComparison.Ordinal);
        Assert.Equal("", console.Output);
    }

    [Fact]
    public async Task A_folder_without_a_project_says_how_to_point_at_one()
    {
        using var temp = new TempDirectory("noproject");
        var console = new TestConsole();

        var exit = await ToolApp.RunAsync(["list", "--project", temp.Path], console.Console);

        Assert.Equal(2, exit);
        Assert.Equal(
            $"error: No project file (.csproj) in '{temp.Path}'. Run this in the experiment project's folder or pass --project PATH.\n",
            console.Error);
    }

    [Fact]
    public async Task A_folder_with_several_projects_lists_them()
    {
        using var temp = new TempDirectory("twoprojects");
        File.WriteAllText(temp.Combine("A.csproj"), "<Project />");
        File.WriteAllText(temp.Combine("B.csproj"), "<Project />");
        var console = new TestConsole();

        var exit = await ToolApp.RunAsync(["runs", "--project", temp.Path], console.Console);

        Assert.Equal(2, exit);
        Assert.Equal($"error: '{temp.Path}' holds several project files; pick one with --project:\n  A.csproj\n  B.csproj\n", console.Error);
    }

    [Fact]
    public async Task Runs_of_a_project_without_a_journal_says_how_to_start_one()
    {
        using var temp = new TempDirectory("nojournal");
        File.WriteAllText(temp.Combine("A.csproj"), "<Project />");
        var console = new TestConsole();

        var exit = await ToolApp.RunAsync(["runs", "--project", temp.Path], console.Console);

        Assert.Equal(0, exit);
        Assert.Equal("No runs yet. Start one with: dotnet experiment run\n", console.Output);
    }
}
