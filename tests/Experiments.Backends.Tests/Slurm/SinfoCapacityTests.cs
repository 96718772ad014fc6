using Experiments.Backends.Slurm;
using Experiments.TestSupport.Services;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SinfoCapacityTests
{
    // `sinfo -h -o '%P|%C'`: partition ('*' marks the default), then allocated/idle/other/total CPUs.
    private const string TwoPartitions = """
        debug*|4/60/0/64
        gpu|0/32/0/32

        """;

    [Fact]
    public void The_command_asks_for_partitions_and_their_cpu_counts_without_a_header()
    {
        Assert.Equal(["sinfo", "-h", "-o", "%P|%C"], SinfoCapacity.Command);
    }

    [Fact]
    public void Without_a_partition_the_default_one_counts()
    {
        Assert.Equal(64, SinfoCapacity.TotalCpus(TwoPartitions, partition: null));
    }

    [Fact]
    public void A_named_partition_counts_whether_or_not_it_is_the_default()
    {
        Assert.Equal(32, SinfoCapacity.TotalCpus(TwoPartitions, "gpu"));
        Assert.Equal(64, SinfoCapacity.TotalCpus(TwoPartitions, "debug"));
    }

    [Fact]
    public void A_partition_sinfo_does_not_list_gives_no_count()
    {
        Assert.Null(SinfoCapacity.TotalCpus(TwoPartitions, "bigmem"));
        Assert.Null(SinfoCapacity.TotalCpus("gpu|0/32/0/32\n", partition: null)); // no default marked
        Assert.Null(SinfoCapacity.TotalCpus("", partition: null));
    }

    [Fact]
    public async Task The_test_clusters_sinfo_gives_the_cpus_of_its_nodes()
    {
        SlurmTestCluster.Require();
        var shell = new LocalSlurmShell();

        var sinfo = await shell.RunAsync(SinfoCapacity.Command, null, TestContext.Current.CancellationToken);
        // The same partition node by node: each node's CPUs, which must add up to the partition's total.
        var nodes = await shell.RunAsync(["sinfo", "-h", "-N", "-o", "%P|%N|%c"], null, TestContext.Current.CancellationToken);

        Assert.True(sinfo.Succeeded, sinfo.StandardError);
        var defaultNodes = nodes.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .Where(fields => fields[0].EndsWith('*'))
            .ToArray();
        Assert.NotEmpty(defaultNodes);
        var partition = defaultNodes[0][0].TrimEnd('*');
        var expected = defaultNodes.Sum(fields => int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, SinfoCapacity.TotalCpus(sinfo.StandardOutput, partition: null));
        Assert.Equal(expected, SinfoCapacity.TotalCpus(sinfo.StandardOutput, partition));
    }

    [Fact]
    public void Lines_that_are_not_a_partition_and_its_counts_are_skipped()
    {
        const string output = """
            sinfo: warning: something odd
            debug*|n/a
            debug*|1/2/3
            debug*|0/0/0/0
            debug*|1/2/3/x
              debug* | 0/8/0/8  
            """;

        Assert.Equal(8, SinfoCapacity.TotalCpus(output.ReplaceLineEndings("\r\n"), partition: null));
    }
}
