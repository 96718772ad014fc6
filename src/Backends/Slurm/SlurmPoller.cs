namespace Experiments.Backends.Slurm;

/// <summary>
/// One status query for all the arrays of a run's submissions: one <c>squeue</c>, plus one <c>sacct</c> only when squeue
/// no longer knows some tasks and the cluster keeps accounting (learnt once: a cluster without it says so).
/// </summary>
internal sealed class SlurmPoller(ISlurmShell shell)
{
    private bool _accountingDisabled;

    /// <summary>A report per array, in order, and what squeue and sacct said of each task; throws when squeue failed.</summary>
    public async Task<(IReadOnlyList<JobReport> Reports, IReadOnlyList<SlurmTaskReport> Tasks)> PollAsync(
        IReadOnlyList<SubmittedJob> arrays, CancellationToken cancellationToken)
    {
        var jobIds = arrays.Select(a => a.Id).Distinct(StringComparer.Ordinal).ToArray();
        var squeue = await shell.RunAsync(SlurmCommands.Squeue(jobIds), null, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SlurmTaskReport> live;
        if (squeue.Succeeded)
            live = SqueueOutput.Parse(squeue.StandardOutput);
        else if (Purged(squeue))
            live = [];
        else // a failed query says nothing about the tasks; never read it as "all ended"
            throw new SlurmShellException($"squeue failed on {shell.Where} (exit {squeue.ExitCode}): {squeue.StandardError.Trim()}.");

        IReadOnlyList<SlurmTaskReport> ended = [];
        if (!_accountingDisabled && Missing(arrays, live))
        {
            var sacct = await shell.RunAsync(SlurmCommands.Sacct(jobIds), null, cancellationToken).ConfigureAwait(false);
            if (sacct.Succeeded)
                ended = SacctOutput.Parse(sacct.StandardOutput);
            else if (SacctOutput.AccountingDisabled(sacct) || sacct.ExitCode == 127)
                _accountingDisabled = true;
        }
        return (SlurmStatus.Reports(arrays, live, ended), [.. live, .. ended]);
    }

    /// <summary>squeue of one id the controller no longer remembers fails; with several ids it just leaves them out.</summary>
    private static bool Purged(ShellResult result) =>
        result.StandardError.Contains("Invalid job id specified", StringComparison.OrdinalIgnoreCase);

    private static bool Missing(IReadOnlyList<SubmittedJob> arrays, IReadOnlyList<SlurmTaskReport> live)
    {
        var seen = live.Select(r => (r.JobId, r.ArrayIndex)).ToHashSet();
        return arrays.Any(a => Enumerable.Range(0, a.Tasks.Count).Any(i => !seen.Contains((a.Id, i)) && !seen.Contains((a.Id, null))));
    }
}
