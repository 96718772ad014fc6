namespace Experiments.Backends.Slurm;

/// <summary>
/// One status query for all the arrays of a run's submissions: one <c>squeue</c>, plus one <c>sacct</c> only when squeue
/// no longer knows some tasks and the cluster keeps accounting (learnt once: a cluster without it says so).
/// </summary>
internal sealed class SlurmPoller(ISlurmShell shell)
{
    private bool _accountingDisabled;

    /// <summary>The status of each submission, in order, from one squeue (and at most one sacct) for all their arrays.</summary>
    public async Task<(IReadOnlyList<SubmissionStatus> Statuses, IReadOnlyList<SlurmTaskReport> Reports)> PollAsync(
        IReadOnlyList<SlurmSubmissionFacts> submissions, CancellationToken cancellationToken)
    {
        var arrays = submissions.SelectMany(s => s.Arrays).ToArray();
        var jobIds = arrays.Select(a => a.JobId).Distinct(StringComparer.Ordinal).ToArray();
        var squeue = await shell.RunAsync(SlurmCommands.Squeue(jobIds), null, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SlurmTaskReport> live;
        if (squeue.Succeeded)
            live = SqueueOutput.Parse(squeue.StandardOutput);
        else if (Purged(squeue))
            live = [];
        else
        {
            // A failed query says nothing about the tasks; never read it as "all ended".
            var message = $"squeue failed on {shell.Where} (exit {squeue.ExitCode}): {squeue.StandardError.Trim()}; asking again.";
            return (submissions.Select(s => new SubmissionStatus(
                new Dictionary<TaskState, int> { [TaskState.Unknown] = s.Arrays.Sum(a => a.Chunk.Count) }, Finished: false, message)).ToArray(), []);
        }

        IReadOnlyList<SlurmTaskReport> ended = [];
        if (!_accountingDisabled && Missing(arrays, live))
        {
            var sacct = await shell.RunAsync(SlurmCommands.Sacct(jobIds), null, cancellationToken).ConfigureAwait(false);
            if (sacct.Succeeded)
                ended = SacctOutput.Parse(sacct.StandardOutput);
            else if (SacctOutput.AccountingDisabled(sacct) || sacct.ExitCode == 127)
                _accountingDisabled = true;
        }
        return (submissions.Select(s => SlurmStatus.Combine(s.Arrays, live, ended)).ToArray(), [.. live, .. ended]);
    }

    /// <summary>squeue of one id the controller no longer remembers fails; with several ids it just leaves them out.</summary>
    private static bool Purged(ShellResult result) =>
        result.StandardError.Contains("Invalid job id specified", StringComparison.OrdinalIgnoreCase);

    private static bool Missing(IReadOnlyList<SlurmArray> arrays, IReadOnlyList<SlurmTaskReport> live)
    {
        var seen = live.Select(r => (r.JobId, r.ArrayIndex)).ToHashSet();
        return arrays.Any(a => Enumerable.Range(0, a.Chunk.Count).Any(i => !seen.Contains((a.JobId, i)) && !seen.Contains((a.JobId, null))));
    }
}
