using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>Outputs as Slurm 22–24 print them (recorded on a one-node cluster, then trimmed to the cases that matter).</summary>
public sealed class SlurmOutputParsingTests
{
    [Theory]
    [InlineData("4711\n", "4711", null)]
    [InlineData("4711;cluster2\n", "4711", "cluster2")]
    [InlineData("sbatch: notice: job submitted to partition debug\n4712\n", "4712", null)]
    public void Sbatch_parsable_gives_the_job_id(string output, string id, string? cluster)
    {
        Assert.Equal(new SbatchAnswer(id, cluster), SbatchOutput.Parse(output));
    }

    [Theory]
    [InlineData("", "it printed no job id")]
    [InlineData("Submitted batch job 4711\n", "'Submitted batch job 4711' is not a job id")]
    public void Sbatch_output_without_a_job_id_is_quoted_verbatim(string output, string what)
    {
        var error = Assert.Throws<SlurmOutputException>(() => SbatchOutput.Parse(output));
        Assert.Contains(what, error.Message);
        Assert.Equal(output, error.Output);
    }

    [Fact]
    public void Squeue_lists_each_array_task_with_its_state()
    {
        const string output = """
            4711_0|RUNNING|None
            4711_1|COMPLETING|None
            4711_2|PENDING|JobArrayTaskLimit
            4711_3|PENDING|JobHeldUser
            4712_7|SUSPENDED|None

            """;

        var reports = SqueueOutput.Parse(output);

        Assert.Equal(
            [
                new SlurmTaskReport("4711", 0, TaskState.Running, "RUNNING"),
                new SlurmTaskReport("4711", 1, TaskState.Running, "COMPLETING"),
                new SlurmTaskReport("4711", 2, TaskState.Pending, "PENDING"),
                new SlurmTaskReport("4711", 3, TaskState.Held, "PENDING"),
                new SlurmTaskReport("4712", 7, TaskState.Held, "SUSPENDED"),
            ],
            reports);
    }

    [Fact]
    public void Squeue_pending_ranges_expand_to_one_report_per_index()
    {
        const string output = """
            4711_[5-9%2]|PENDING|JobArrayTaskLimit
            4713_[1,3,6-7]|PENDING|Priority
            4714_[0-6:3]|PENDING|Resources
            4715|PENDING|BeginTime
            """;

        var reports = SqueueOutput.Parse(output);

        Assert.Equal([5, 6, 7, 8, 9], reports.Where(r => r.JobId == "4711").Select(r => r.ArrayIndex!.Value));
        Assert.Equal([1, 3, 6, 7], reports.Where(r => r.JobId == "4713").Select(r => r.ArrayIndex!.Value));
        Assert.Equal([0, 3, 6], reports.Where(r => r.JobId == "4714").Select(r => r.ArrayIndex!.Value));
        Assert.Null(reports.Single(r => r.JobId == "4715").ArrayIndex);
        Assert.All(reports, r => Assert.Equal(TaskState.Pending, r.State));
    }

    [Theory]
    [InlineData("4711_0|RUNNING", "does not have the three fields")]
    [InlineData("job_0|RUNNING|None", "'job_0' is not a job id")]
    [InlineData("4711_[5-|PENDING|None", "'4711_[5-' has no array index Slurm would print")]
    [InlineData("4711_[9-5]|PENDING|None", "has no array index")]
    public void Squeue_lines_it_cannot_read_are_errors_quoting_the_output(string output, string what)
    {
        var error = Assert.Throws<SlurmOutputException>(() => SqueueOutput.Parse(output));
        Assert.StartsWith("Could not read the output of squeue:", error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void Squeue_arguments_ask_for_every_array_at_once()
    {
        Assert.Equal(["-h", "-r", "-t", "all", "-j", "4711,4712", "-o", "%i|%T|%r"], SqueueOutput.Arguments(["4711", "4712"]));
    }

    [Fact]
    public void Sacct_gives_final_states_and_exit_codes_and_skips_steps()
    {
        const string output = """
            4711_0|COMPLETED|0:0
            4711_0.batch|COMPLETED|0:0
            4711_0.extern|COMPLETED|0:0
            4711_1|FAILED|139:0
            4711_1.batch|FAILED|139:0
            4711_2|CANCELLED by 1000|0:15
            4711_3|TIMEOUT|0:0
            4711_3.batch|CANCELLED|0:15
            4711_4|OUT_OF_MEMORY|0:125
            4711_5|NODE_FAIL|0:0
            4711_[6-8%2]|PENDING|0:0
            4711_9|RUNNING|0:0
            """;

        var reports = SacctOutput.Parse(output);

        Assert.Equal(
            [
                new SlurmTaskReport("4711", 0, TaskState.Succeeded, "COMPLETED", 0, 0),
                new SlurmTaskReport("4711", 1, TaskState.Failed, "FAILED", 139, 0),
                new SlurmTaskReport("4711", 2, TaskState.Cancelled, "CANCELLED by 1000", 0, 15),
                new SlurmTaskReport("4711", 3, TaskState.Failed, "TIMEOUT", 0, 0),
                new SlurmTaskReport("4711", 4, TaskState.Failed, "OUT_OF_MEMORY", 0, 125),
                new SlurmTaskReport("4711", 5, TaskState.Failed, "NODE_FAIL", 0, 0),
                new SlurmTaskReport("4711", 6, TaskState.Pending, "PENDING", 0, 0),
                new SlurmTaskReport("4711", 7, TaskState.Pending, "PENDING", 0, 0),
                new SlurmTaskReport("4711", 8, TaskState.Pending, "PENDING", 0, 0),
                new SlurmTaskReport("4711", 9, TaskState.Running, "RUNNING", 0, 0),
            ],
            reports);
    }

    [Fact]
    public void Sacct_tolerates_an_empty_exit_code_and_rejects_a_garbled_one()
    {
        Assert.Equal(new SlurmTaskReport("4711", 0, TaskState.Pending, "PENDING"), Assert.Single(SacctOutput.Parse("4711_0|PENDING|\n")));
        Assert.Contains("'x' is not an exit code (code:signal)", Assert.Throws<SlurmOutputException>(() => SacctOutput.Parse("4711_0|FAILED|x")).Message);
    }

    [Fact]
    public void Sacct_on_a_cluster_without_accounting_is_recognised()
    {
        // Slurm 22.05 with AccountingStorageType=accounting_storage/none: exit 1, this line on stderr.
        Assert.True(SacctOutput.AccountingDisabled(new ShellResult(1, "", "Slurm accounting storage is disabled\n")));
        Assert.False(SacctOutput.AccountingDisabled(new ShellResult(1, "", "sacct: error: Problem talking to the database\n")));
        Assert.False(SacctOutput.AccountingDisabled(new ShellResult(0, "", "")));
    }

    [Fact]
    public void Squeue_without_r_as_Slurm_22_prints_it()
    {
        var reports = SqueueOutput.Parse("1_[5-9]|PENDING|Resources\n1_4|RUNNING|None\n");

        Assert.Equal([5, 6, 7, 8, 9, 4], reports.Select(r => r.ArrayIndex!.Value));
        Assert.Equal([.. Enumerable.Repeat(TaskState.Pending, 5), TaskState.Running], reports.Select(r => r.State));
    }

    [Fact]
    public void Sacct_arguments_ask_for_allocations_of_every_array_at_once()
    {
        Assert.Equal(["-n", "-P", "-X", "-j", "4711,4712", "-o", "JobID,State,ExitCode"], SacctOutput.Arguments(["4711", "4712"]));
    }

    [Fact]
    public void Scontrol_config_gives_the_max_array_size()
    {
        const string output = """
            Configuration data as of 2026-11-21T16:00:00
            AccountingStorageBackupHost = (null)
            MaxArraySize            = 4001
            MaxJobCount             = 10000
            """;

        Assert.Equal(4001, ScontrolConfig.MaxArraySize(output));
        Assert.Equal("10000", ScontrolConfig.Value(output, "MaxJobCount"));
    }

    [Theory]
    [InlineData("MaxJobCount = 10000\n")]
    [InlineData("MaxArraySize = (null)\n")]
    [InlineData("MaxArraySize = 0\n")]
    [InlineData("")]
    public void Scontrol_config_without_a_usable_max_array_size_gives_null(string output)
    {
        Assert.Null(ScontrolConfig.MaxArraySize(output));
    }
}
