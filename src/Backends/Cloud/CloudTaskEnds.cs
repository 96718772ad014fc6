using System.Globalization;
using System.Text;
using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.Backends.Cloud;

/// <summary>
/// Ends the attempts a cloud task's worker started and never ended. A worker that crashes (killed for memory, a lost
/// VM, <c>Environment.Exit</c>) inside a point leaves only its <c>started</c> record; the service runs the task again
/// while attempts are left, and the next worker takes over, but after the last attempt nothing would ever end it, and
/// the point would look still running. So once the service reports a submission finished with failed tasks — no worker
/// of it runs any more — the tool reads the submission's record objects and appends a <c>failed</c> record (kind
/// crash) to each attempt left open, naming the service's verdict and where the task's output is; a resumed run then
/// runs the point again. Tasks stopped by a cancel are left alone: their points are not recorded, and a resume runs them.
/// Object stores have no append: the object is replaced by a longer copy, as workers write it, which readers follow.
/// </summary>
public sealed class CloudTaskEnds(string serviceName)
{
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// For each finished submission with failed tasks not handled yet by this process, ends its open attempts in the
    /// run's store. A store that cannot be read or written is tried again at the next call, and its status says so.
    /// </summary>
    /// <param name="runStore">Opens the run's object store of a submission (disposed here).</param>
    /// <returns>The statuses, a status's message extended when its store failed.</returns>
    public async Task<IReadOnlyList<SubmissionStatus>> RecordAsync(
        IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, Func<Submission, IObjectStore> runStore,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(statuses);
        var result = statuses.ToArray();
        for (var i = 0; i < submissions.Count && i < result.Length; i++)
        {
            var submission = submissions[i];
            var status = result[i];
            if (!status.Finished || status.Count(TaskState.Failed) == 0)
                continue;
            lock (_gate)
            {
                if (_done.Contains(submission.Id))
                    continue;
            }
            using var store = runStore(submission);
            try
            {
                await EndOpenAttemptsAsync(store, submission, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                    _done.Add(submission.Id);
            }
            catch (ObjectStoreException e)
            {
                var problem = $"Could not record the end of {serviceName} tasks that stopped inside a point in {store.Location}: {e.Message} Trying again at the next poll.";
                result[i] = status with { Message = status.Message is null ? problem : status.Message + " " + problem };
            }
        }
        return result;
    }

    /// <summary>Appends a failed record to every open attempt of the submission's tasks; returns how many.</summary>
    public async Task<int> EndOpenAttemptsAsync(IObjectStore store, Submission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(submission);
        var tasks = submission.Tasks.ToHashSet();
        var prefix = PointRecordFiles.RecordsFolder + "/";
        var ended = 0;
        foreach (var entry in await store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!entry.Name.EndsWith(PointRecordFiles.Extension, StringComparison.Ordinal) || entry.Name.IndexOf('/', prefix.Length) >= 0)
                continue;
            var content = await store.GetAsync(entry.Name, cancellationToken).ConfigureAwait(false);
            if (content is null)
                continue;
            var records = new List<PointRecord>();
            PointRecordReader.ReadLines(content, 0, records, [], entry.Name);
            var open = records.Where(r => tasks.Contains(r.Task)).Select(r => r.Experiment).Distinct(StringComparer.Ordinal)
                .SelectMany(experiment => UnfinishedAttempts.In(records, experiment, cancelledIsUnfinished: false))
                .Where(r => tasks.Contains(r.Task))
                .ToArray();
            if (open.Length == 0)
                continue;
            var text = new StringBuilder(Encoding.UTF8.GetString(content));
            // A cut-off last line stays a line of its own, which readers skip.
            if (text.Length > 0 && text[^1] != '\n')
                text.Append('\n');
            foreach (var started in open)
                text.Append(Encoding.UTF8.GetString(PointRecordJson.SerializeLine(UnfinishedAttempts.Failed(started, Error(started.Task)))));
            await store.PutAsync(entry.Name, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            ended += open.Length;
        }
        return ended;
    }

    private PointError Error(int task) => new(
        ErrorKind.Crash,
        null,
        string.Create(CultureInfo.InvariantCulture,
            $"The worker of {serviceName} task {task} stopped while running this point, on the task's last attempt, and the service ended the task as failed " +
            $"(killed for memory, a lost or preempted VM, or the process exited). What it printed: dotnet experiment logs --task {task}."));
}
