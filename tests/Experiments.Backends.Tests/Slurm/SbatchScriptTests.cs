using Experiments.Backends.Slurm;
using Experiments.Registry;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SbatchScriptTests
{
    private static readonly SlurmOptions Options = new() { SharedDirectory = "/scratch/alice/experiments" };

    private static SbatchScriptRequest Request(SlurmOptions options, ExperimentResources resources, ArrayChunk chunk, int maxPoints = 4) =>
        new("20261121-160000-ab12", chunk, maxPoints, resources, options, "0123456789abcdef", "Study", "Study.Run");

    [Fact]
    public void A_script_with_every_setting()
    {
        var options = Options with
        {
            Partition = "gpu", Account = "proj-42", Qos = "normal", TimeLimit = "2-00:00:00", Concurrency = 8,
            SbatchOptions = ["--constraint=avx2", "--mail-type=END"],
        };
        var resources = new ExperimentResources(TimeSpan.FromMinutes(15), Retries: 2, Cpus: 4, "2GiB", 2L << 30, Gpus: 1);

        var script = SbatchScript.Render(Request(options, resources, new ArrayChunk(1001, 500), maxPoints: 4));

        Approvals.Verify(script, "SbatchScriptTests.A_script_with_every_setting");
    }

    [Fact]
    public void A_script_with_only_the_shared_directory()
    {
        var script = SbatchScript.Render(Request(Options, ExperimentResources.Default, new ArrayChunk(0, 3), maxPoints: 1));

        Approvals.Verify(script, "SbatchScriptTests.A_script_with_only_the_shared_directory");
    }

    [Fact]
    public void A_timeout_above_the_configured_limit_asks_for_the_limit()
    {
        var resources = ExperimentResources.Default with { Timeout = TimeSpan.FromHours(1) };

        var script = SbatchScript.Render(Request(Options with { TimeLimit = "4:00:00" }, resources, new ArrayChunk(0, 2), maxPoints: 10));

        Assert.Contains("#SBATCH --time=0-04:00:00\n", script);
    }

    [Fact]
    public void The_directives_come_before_any_command_so_sbatch_reads_them_all()
    {
        var script = SbatchScript.Render(Request(Options with { SbatchOptions = ["--exclusive"] }, ExperimentResources.Default, new ArrayChunk(0, 3)));
        var lines = script.Split('\n');
        var lastDirective = Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH ", StringComparison.Ordinal));
        var firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));

        Assert.Equal("#SBATCH --exclusive", lines[lastDirective]);
        Assert.True(lastDirective < firstCommand);
    }

    [Theory]
    [InlineData("--time=1", "--time")]
    [InlineData("-t1", "--time")]
    [InlineData("-J name", "--job-name")]
    [InlineData("--gres=gpu:2", "--gres")]
    [InlineData("--constraint=avx2", null)]
    [InlineData("--exclusive", null)]
    [InlineData("--mem-per-cpu=1G", null)]
    public void Knows_which_options_it_sets_itself(string option, string? managed)
    {
        Assert.Equal(managed, SbatchScript.ManagedOption(option));
    }
}
