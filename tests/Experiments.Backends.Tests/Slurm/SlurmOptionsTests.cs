using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmOptionsTests
{
    private static readonly SlurmOptions Minimal = new() { SharedDirectory = "/scratch/alice/experiments" };

    [Fact]
    public void A_shared_directory_alone_is_valid()
    {
        Assert.Empty(Minimal.Problems());
        Assert.Same(Minimal, Minimal.Validated());
    }

    [Fact]
    public void Every_setting_filled_in_well_is_valid()
    {
        var options = Minimal with
        {
            Partition = "gpu", Account = "proj-42", Qos = "normal", TimeLimit = "1-12:00:00", Host = "alice@login.cluster",
            MaxArraySize = 5000, Concurrency = 50, SbatchOptions = ["--constraint=avx2", "--mail-type=END"],
        };

        Assert.Empty(options.Problems());
        Assert.Equal(TimeSpan.FromHours(36), options.ParsedTimeLimit);
    }

    [Theory]
    [InlineData("", "slurm.sharedDirectory is required")]
    [InlineData("scratch/exp", "slurm.sharedDirectory is 'scratch/exp'; it must be an absolute path")]
    [InlineData("/scratch/my experiments", "may not hold spaces, quotes, backslashes, % or shell characters")]
    [InlineData("/scratch/100%", "may not hold spaces, quotes, backslashes, % or shell characters")]
    [InlineData("/scratch/$(touch /tmp/pwned)", "(found '$')")]
    [InlineData("/scratch/a;rm -rf ~", "(found ';')")]
    [InlineData("/scratch/`id`", "(found '`')")]
    [InlineData("/scratch/x*", "use letters, digits and / . _ - + , @ =")]
    public void A_bad_shared_directory_is_named(string directory, string expected)
    {
        var problem = Assert.Single((Minimal with { SharedDirectory = directory }).Problems());
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Each_bad_key_is_named_with_what_is_valid()
    {
        var options = Minimal with
        {
            Partition = "gpu long", Account = "-x", Qos = "", TimeLimit = "two hours", Host = "-oProxyCommand=x",
            MaxArraySize = 0, Concurrency = -1,
        };

        var problems = options.Problems();

        Assert.Collection(problems,
            p => Assert.StartsWith("slurm.partition is 'gpu long'; it must be a Slurm partition name", p),
            p => Assert.StartsWith("slurm.account is '-x'", p),
            p => Assert.StartsWith("slurm.qos is ''", p),
            p => Assert.StartsWith("slurm.host is '-oProxyCommand=x'; it must be an ssh destination", p),
            p => Assert.Contains("slurm.timeLimit is 'two hours'; valid Slurm times are MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS", p),
            p => Assert.StartsWith("slurm.maxArraySize is 0; it must be at least 1", p),
            p => Assert.StartsWith("slurm.concurrency is -1; it must be at least 1", p));
    }

    [Theory]
    [InlineData("--time=10", "--time is set by the backend, use slurm.timeLimit")]
    [InlineData("-t 10", "--time is set by the backend")]
    [InlineData("-p gpu", "--partition is set by the backend, use slurm.partition instead")]
    [InlineData("--array=0-3", "--array is set by the backend, use slurm.concurrency and slurm.maxArraySize instead")]
    [InlineData("--mem=4G", "--mem is set by the backend, from the experiment's Cpus, Memory and Gpus")]
    [InlineData("-c4", "--cpus-per-task is set by the backend")]
    [InlineData("--output=/tmp/x", "--output is set by the backend, so it cannot be overridden")]
    [InlineData("--arr=0-99", "sbatch reads '--arr' as --array (it takes the start of an option's name for the whole name), and --array is set by the backend, use slurm.concurrency")]
    [InlineData("--part=gpu", "sbatch reads '--part' as --partition (it takes the start of an option's name for the whole name), and --partition is set by the backend, use slurm.partition instead")]
    [InlineData("--tim=5", "sbatch reads '--tim' as --time")]
    [InlineData("--cpus-per=2", "sbatch reads '--cpus-per' as --cpus-per-task")]
    [InlineData("--out /tmp/x", "sbatch reads '--out' as --output")]
    [InlineData("constraint=avx2", "each entry must be one sbatch option on one line, starting with -")]
    [InlineData("--comment=a\n#SBATCH --time=1", "each entry must be one sbatch option on one line")]
    public void Extra_options_may_not_contradict_what_the_backend_sets(string option, string expected)
    {
        var problem = Assert.Single((Minimal with { SbatchOptions = [option] }).Problems());
        Assert.StartsWith("slurm.sbatchOptions holds ", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Validated_throws_listing_every_problem()
    {
        var error = Assert.Throws<SlurmOptionsException>(() => new SlurmOptions { Concurrency = 0 }.Validated());

        Assert.Equal(2, error.Problems.Count);
        Assert.StartsWith("The slurm settings are not valid:", error.Message);
        Assert.Contains("  - slurm.sharedDirectory is required", error.Message);
        Assert.Contains("  - slurm.concurrency is 0", error.Message);
    }
}
