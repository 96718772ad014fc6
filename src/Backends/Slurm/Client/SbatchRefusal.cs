namespace Experiments.Backends.Slurm;

/// <summary>
/// What to tell the user when sbatch refuses a job: Slurm's own words verbatim, then which setting to change. The
/// hints match the messages slurmctld sends back (src/common/slurm_errno.c), which are stable across versions.
/// </summary>
public static class SbatchRefusal
{
    private static readonly (string Fragment, string Hint)[] Hints =
    [
        ("Invalid partition name", "set slurm.partition to a partition `sinfo -s` lists"),
        ("Invalid account", "set slurm.account to an account `sacctmgr show assoc user=$USER` lists for that partition"),
        ("Invalid qos", "set slurm.qos to a QOS your account may use (`sacctmgr show assoc user=$USER format=qos`)"),
        ("Requested time limit is invalid", "lower slurm.timeLimit, or the experiment's Timeout (or the points per task) so timeout × points fits the partition's MaxTime"),
        ("Invalid generic resource", "the cluster has no such GPUs in that partition: lower the experiment's Gpus or choose a GPU slurm.partition"),
        ("Requested node configuration is not available", "no node has the requested Cpus, Memory or Gpus: lower them in [Experiment], or choose another slurm.partition"),
        ("Memory specification can not be satisfied", "no node has the requested Memory: lower it in [Experiment], or choose another slurm.partition"),
        ("Invalid job array specification", "the array is larger than the cluster allows: lower slurm.maxArraySize (or leave it out to read it from scontrol)"),
        ("QOSMaxSubmitJobPerUserLimit", "the QOS caps how many jobs you may queue: wait for jobs to end, pack more points per task, or use another slurm.qos"),
        ("AssocMaxSubmitJobLimit", "your association caps how many jobs you may queue: wait for jobs to end or pack more points per task"),
        ("unrecognized option", "remove or fix that option in slurm.sbatchOptions"),
        ("invalid option", "remove or fix that option in slurm.sbatchOptions"),
    ];

    /// <param name="result">sbatch's result (non-zero exit).</param>
    /// <param name="where">Where it ran (<see cref="ISlurmShell.Where"/>).</param>
    public static string Describe(ShellResult result, string where)
    {
        var said = string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput.Trim() : result.StandardError.Trim();
        var hints = Hints.Where(h => said.Contains(h.Fragment, StringComparison.OrdinalIgnoreCase)).Select(h => h.Hint).Distinct().ToList();
        var advice = hints.Count > 0
            ? "To fix: " + string.Join("; ", hints) + "."
            : "Check the slurm settings in the experiments config file (partition, account, qos, timeLimit, sbatchOptions) against what the cluster allows.";
        return $"sbatch on {where} refused the job (exit {result.ExitCode}):{Environment.NewLine}{said}{Environment.NewLine}{advice}";
    }
}
