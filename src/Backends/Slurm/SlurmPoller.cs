namespace Experiments.Backends.Slurm;

/// <summary>
/// One status query for all of a submission's arrays: one <c>squeue</c>, plus one <c>sacct</c> only when squeue no
/// longer knows some tasks and the cluster keeps accounting (learnt once: a cluster without it says so).
/// </summary>
internal sealed class SlurmPoller(ISlurmShell shell)
{
    private bool _accountingDisabled;

    public async Task<(SubmissionStatus Status, IReadOnlyList<SlurmTaskReport> Reports)> PollAsync(
        SlurmSubmissionFacts facts, CancellationToken cancellationToken)
    {
        var squeue = await shell.RunAsync(SlurmCommands.Squeue(facts.JobIds), null, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SlurmTaskReport> live;
        if (squeue.Succeeded)
            live = SqueueOutput.Parse(squeue.StandardOutput);
        else if (Purged(squeue))
            live = [];
        else
        {
            // A failed query says nothing about the tasks; never read it as "all ended".
            var total = facts.Arrays.Sum(a => a.Chunk.Count);
            return (new SubmissionStatus(new Dictionary<TaskState, int> { [TaskState.Unknown] = total }, Finished: false,
                $"squeue failed on {shell.Where} (exit {squeue.ExitCode}): {squeue.StandardError.Trim()}; asking again."), []);
        }

        IReadOnlyList<SlurmTaskReport> ended = [];
        if (!_accountingDisabled && Missing(facts, live))
        {
            var sacct = await shell.RunAsync(SlurmCommands.Sacct(facts.JobIds), null, cancellationToken).ConfigureAwait(false);
            if (sacct.Succeeded)
                ended = SacctOutput.Parse(sacct.StandardOutput);
            else if (SacctOutput.AccountingDisabled(sacct) || sacct.ExitCode == 127)
                _accountingDisabled = true;
        }
        return (SlurmStatus.Combine(facts.Arrays, live, ended), [.. live, .. ended]);
    }

    /// <summary>squeue of one id the controller no longer remembers fails; with several ids it just leaves them out.</summary>
    private static bool Purged(ShellResult result) =>
        result.StandardError.Contains("Invalid job id specified", StringComparison.OrdinalIgnoreCase);

    private static bool Missing(SlurmSubmissionFacts facts, IReadOnlyList<SlurmTaskReport> live)
    {
        var seen = live.Select(r => (r.JobId, r.ArrayIndex)).ToHashSet();
        return facts.Arrays.Any(a => Enumerable.Range(0, a.Chunk.Count).Any(i => !seen.Contains((a.JobId, i)) && !seen.Contains((a.JobId, null))));
    }
}
