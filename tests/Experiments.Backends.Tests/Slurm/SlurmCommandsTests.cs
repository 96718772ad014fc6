using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmCommandsTests
{
    [Fact]
    public void Each_query_covers_every_array_in_one_call()
    {
        Assert.Equal(["squeue", "-h", "-r", "-t", "all", "-j", "1,2", "-o", "%i|%T|%r"], SlurmCommands.Squeue(["1", "2"]));
        Assert.Equal(["sacct", "-n", "-P", "-X", "-j", "1,2", "-o", "JobID,State,ExitCode"], SlurmCommands.Sacct(["1", "2"]));
        Assert.Equal(["scancel", "1", "2"], SlurmCommands.Scancel(["1", "2"]));
        Assert.Equal(["sbatch", "--parsable", "/s/runs/r/scripts/tasks-0-9.sbatch"], SlurmCommands.Sbatch("/s/runs/r/scripts/tasks-0-9.sbatch"));
        Assert.Equal(["scontrol", "show", "config"], SlurmCommands.ShowConfig);
    }

    [Fact]
    public void A_query_for_no_jobs_is_a_mistake_not_a_query_for_all_jobs()
    {
        // squeue -j with an empty list would list every job on the cluster.
        Assert.Throws<ArgumentException>(() => SlurmCommands.Squeue([]));
        Assert.Throws<ArgumentException>(() => SlurmCommands.Scancel([]));
    }

    [Fact]
    public void The_paths_of_a_run_in_the_shared_directory()
    {
        var paths = new SlurmPaths("/scratch/alice/exp/");

        Assert.Equal("/scratch/alice/exp/packages/abc", paths.Package("abc"));
        Assert.Equal("/scratch/alice/exp/packages/abc/Study", paths.Executable("abc", "Study"));
        Assert.Equal("/scratch/alice/exp/runs/r1", paths.Run("r1"));
        Assert.Equal("/scratch/alice/exp/runs/r1/plan.json", paths.Plan("r1"));
        Assert.Equal("/scratch/alice/exp/runs/r1/logs", paths.Logs("r1"));
        Assert.Equal("/scratch/alice/exp/runs/r1/scripts/tasks-1001-1500.sbatch", paths.Script("r1", new ArrayChunk(1001, 500)));
    }

    [Fact]
    public void A_refusal_quotes_sbatch_and_names_the_setting_to_change()
    {
        var result = new ShellResult(1, "", "sbatch: error: Batch job submission failed: Invalid partition name specified\n");

        var message = SbatchRefusal.Describe(result, "ssh login");

        Assert.Equal(
            "sbatch on ssh login refused the job (exit 1):\n" +
            "sbatch: error: Batch job submission failed: Invalid partition name specified\n" +
            "To fix: set slurm.partition to a partition `sinfo -s` lists.",
            message.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_refusal_it_has_no_hint_for_still_says_where_to_look()
    {
        var message = SbatchRefusal.Describe(new ShellResult(1, "", "sbatch: error: Something new\n"), "this machine");

        Assert.Contains("sbatch: error: Something new", message);
        Assert.Contains("Check the slurm settings in the experiments config file", message);
    }

    [Fact]
    public void A_time_limit_refusal_points_at_time_settings()
    {
        var message = SbatchRefusal.Describe(
            new ShellResult(1, "", "sbatch: error: Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)"), "this machine");

        Assert.Contains("To fix: lower slurm.timeLimit", message);
    }
}
