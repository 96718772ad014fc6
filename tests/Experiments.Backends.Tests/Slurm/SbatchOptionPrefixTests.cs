using Experiments.Backends.Slurm;
using Experiments.TestSupport;
using Experiments.TestSupport.Services;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>
/// The real sbatch of the test cluster (<c>--test-only</c>: checked, never queued) takes the start of an option's name
/// as the option, which is why <c>slurm.sbatchOptions</c> refuses starts of the options the backend sets, and lets
/// other options through.
/// </summary>
public sealed class SbatchOptionPrefixTests
{
    [Theory]
    [InlineData("--arr=0-3", "--array")]
    [InlineData("--part=debug", "--partition")]
    [InlineData("--job=renamed", "--job-name")]
    [InlineData("--out=/dev/null", "--output")]
    public async Task A_start_of_a_managed_option_that_sbatch_accepts_is_refused(string option, string managed)
    {
        SlurmTestCluster.Require();

        var sbatch = await TestOnlyAsync(option);
        var problem = Assert.Single(new SlurmOptions { SharedDirectory = "/scratch/x", SbatchOptions = [option] }.Problems());

        Assert.True(sbatch.ExitCode == 0, $"sbatch was expected to take {option} as {managed}:\n{sbatch}");
        Assert.Contains($"sbatch reads '{option.Split('=')[0]}' as {managed}", problem);
    }

    [Fact]
    public async Task A_start_that_sbatch_finds_ambiguous_is_refused_before_sbatch_sees_it()
    {
        SlurmTestCluster.Require();

        var sbatch = await TestOnlyAsync("--tim=5");
        var problem = Assert.Single(new SlurmOptions { SharedDirectory = "/scratch/x", SbatchOptions = ["--tim=5"] }.Problems());

        // sbatch 22.05 also has --time-min; older ones take --tim as --time. Either way the backend's --time is at stake.
        Assert.True(sbatch.ExitCode == 0 || sbatch.StandardError.Contains("ambiguous", StringComparison.Ordinal), sbatch.ToString());
        Assert.Contains("sbatch reads '--tim' as --time", problem);
    }

    [Theory]
    [InlineData("--comment=sweep")]
    [InlineData("--mail-type=NONE")]
    [InlineData("--mem-per-cpu=100M")]
    public async Task Options_the_backend_does_not_set_pass_and_sbatch_takes_them(string option)
    {
        SlurmTestCluster.Require();

        var sbatch = await TestOnlyAsync(option);

        Assert.Empty(new SlurmOptions { SharedDirectory = "/scratch/x", SbatchOptions = [option] }.Problems());
        Assert.True(sbatch.ExitCode == 0, sbatch.ToString());
    }

    private static Task<ProcessResult> TestOnlyAsync(string option) =>
        ProcessRunner.RunAsync("sbatch", ["--test-only", option, "--wrap=true"], Path.GetTempPath(),
            timeout: TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
}
