using System.Collections.Concurrent;
using Experiments.Backends.AzureBatch.Client;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Adds a job's tasks with Task_AddCollection, several collections in flight at once, and checks each task's own
/// result. A task Batch reports as <c>TaskExists</c> was added by an earlier try of the same call (the connection
/// dropped after Batch applied it and the pipeline sent it again), so it counts as added; tasks with a server error
/// are sent again; any other refusal is collected and reported once every collection is done.
/// </summary>
public sealed class TaskCollectionSubmitter(IAzureBatchClient client, int concurrentChunks)
{
    /// <summary>Rounds of re-sending a collection's server-error tasks before giving up on them.</summary>
    public const int MaxRounds = 5;

    private static readonly TimeSpan RoundDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Adds every task; throws <see cref="AzureBatchException"/> naming the tasks that could not be added.</summary>
    public Task AddAsync(string jobId, IReadOnlyList<TaskAddParameter> tasks, CancellationToken cancellationToken) =>
        AddAsync(jobId, tasks.Count, TaskCollectionChunker.Chunk(tasks), cancellationToken);

    /// <inheritdoc cref="AddAsync(string, IReadOnlyList{TaskAddParameter}, CancellationToken)"/>
    public Task AddAsync(string jobId, SizedTasks tasks, CancellationToken cancellationToken) =>
        AddAsync(jobId, tasks.Tasks.Count, TaskCollectionChunker.Chunk(tasks), cancellationToken);

    private async Task AddAsync(string jobId, int total, IReadOnlyList<IReadOnlyList<TaskAddParameter>> chunks, CancellationToken cancellationToken)
    {
        var refused = new ConcurrentBag<(string TaskId, string Why)>();
        using var gate = new SemaphoreSlim(Math.Max(1, concurrentChunks));
        async Task SendAsync(IReadOnlyList<TaskAddParameter> chunk)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await AddChunkAsync(jobId, chunk, refused, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        await Task.WhenAll(chunks.Select(SendAsync)).ConfigureAwait(false);
        if (!refused.IsEmpty)
        {
            var sorted = refused.OrderBy(r => AzureBatchIds.TaskNumber(r.TaskId) ?? int.MaxValue).ToArray();
            throw new AzureBatchException(
                $"Azure Batch did not add {sorted.Length} of {total} tasks to job {jobId}: " +
                string.Join("; ", sorted.Take(5).Select(r => $"task {r.TaskId}: {r.Why}")) + (sorted.Length > 5 ? "; …" : "."),
                "Task_AddCollection");
        }
    }

    private async Task AddChunkAsync(string jobId, IReadOnlyList<TaskAddParameter> chunk, ConcurrentBag<(string, string)> refused, CancellationToken cancellationToken)
    {
        var pending = chunk;
        for (var round = 1; pending.Count > 0; round++)
        {
            TaskAddCollectionResult result;
            try
            {
                result = await client.AddTaskCollectionAsync(jobId, pending, cancellationToken).ConfigureAwait(false);
            }
            catch (AzureBatchException e) when (e.ErrorCode == "RequestBodyTooLarge" && pending.Count > 1)
            {
                // The chunker measures bodies; should Batch still find one too large, halve it.
                var half = pending.Count / 2;
                await AddChunkAsync(jobId, pending.Take(half).ToArray(), refused, cancellationToken).ConfigureAwait(false);
                await AddChunkAsync(jobId, pending.Skip(half).ToArray(), refused, cancellationToken).ConfigureAwait(false);
                return;
            }
            var byId = (result.Value ?? []).GroupBy(r => r.TaskId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
            var again = new List<TaskAddParameter>();
            foreach (var task in pending)
            {
                if (!byId.TryGetValue(task.Id, out var added))
                {
                    again.Add(task); // no result for it: send it again; TaskExists will tell if it was added after all
                    continue;
                }
                switch (added.Status)
                {
                    case "success":
                        break;
                    case "clienterror" when added.Error?.Code == "TaskExists":
                        break;
                    case "servererror":
                        again.Add(task);
                        break;
                    default:
                        refused.Add((task.Id, added.Error?.ToString() ?? added.Status));
                        break;
                }
            }
            if (again.Count > 0 && round >= MaxRounds)
            {
                foreach (var task in again)
                    refused.Add((task.Id, $"server errors in {MaxRounds} tries: {byId.GetValueOrDefault(task.Id)?.Error?.ToString() ?? "no result returned"}"));
                return;
            }
            if (again.Count > 0)
                await Task.Delay(RoundDelay * round, cancellationToken).ConfigureAwait(false);
            pending = again;
        }
    }
}
