using System.Buffers;
using System.Text.Json;
using Experiments.Backends.AzureBatch.Client;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// Cuts tasks into Task_AddCollection bodies: at most 100 tasks and less than 1 MB of JSON each, measuring every task
/// as it will be serialized (a big environment or command line fills a collection before 100 tasks do).
/// </summary>
public static class TaskCollectionChunker
{
    /// <summary><c>{"value":[</c> and <c>]}</c>.</summary>
    private const int EnvelopeBytes = 12;

    /// <summary>Kept free under the 1 MB limit, so a body is never at its edge.</summary>
    private const int SafetyBytes = 1024;

    public static int MaxBodyBytes => TaskAddCollectionParameter.MaxBytes - SafetyBytes;

    /// <summary>Measures each task by serializing it.</summary>
    public static IReadOnlyList<IReadOnlyList<TaskAddParameter>> Chunk(IReadOnlyList<TaskAddParameter> tasks, int maxTasks = TaskAddCollectionParameter.MaxTasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var sizes = new int[tasks.Count];
        // One buffer and writer for every measurement.
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        for (var i = 0; i < tasks.Count; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, tasks[i], AzureBatchJson.TaskAddParameterInfo);
            writer.Flush();
            sizes[i] = buffer.WrittenCount;
        }
        return Chunk(new SizedTasks(tasks, sizes), maxTasks);
    }

    /// <summary>Cuts tasks whose serialized sizes are known (see <see cref="AzureBatchJobSpec.Tasks"/>).</summary>
    public static IReadOnlyList<IReadOnlyList<TaskAddParameter>> Chunk(SizedTasks sized, int maxTasks = TaskAddCollectionParameter.MaxTasks)
    {
        ArgumentNullException.ThrowIfNull(sized);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTasks, 1);
        var tasks = sized.Tasks;
        var chunks = new List<IReadOnlyList<TaskAddParameter>>(tasks.Count / maxTasks + 1);
        var current = new List<TaskAddParameter>(Math.Min(maxTasks, tasks.Count));
        var bytes = EnvelopeBytes;
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var size = sized.Sizes[i];
            if (EnvelopeBytes + size >= MaxBodyBytes)
                throw new ArgumentException($"Task {task.Id} alone is {size:N0} bytes of JSON; Azure Batch takes less than 1 MB per task collection. Shorten its environment or command line.", nameof(sized));
            var comma = current.Count == 0 ? 0 : 1;
            if (current.Count == maxTasks || bytes + comma + size >= MaxBodyBytes)
            {
                chunks.Add(current);
                current = new List<TaskAddParameter>(Math.Min(maxTasks, tasks.Count));
                bytes = EnvelopeBytes;
                comma = 0;
            }
            current.Add(task);
            bytes += comma + size;
        }
        if (current.Count > 0)
            chunks.Add(current);
        return chunks;
    }
}
