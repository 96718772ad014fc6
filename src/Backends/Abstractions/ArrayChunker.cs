namespace Experiments.Backends;

/// <summary>
/// One array job: <see cref="Count"/> array indexes 0..Count-1, each running plan task <c>index + Offset</c> (the worker
/// reads the offset from <c>EXPERIMENTS_TASK_OFFSET</c>). Restarting each chunk at 0 keeps every chunk within a backend's
/// maximum array index as well as its maximum size.
/// </summary>
public readonly record struct ArrayChunk(int Offset, int Count)
{
    /// <summary>The last plan task this chunk runs.</summary>
    public int LastTask => Offset + Count - 1;
}

/// <summary>Splits tasks into array jobs no bigger than a backend allows.</summary>
public static class ArrayChunker
{
    /// <summary>Chunks of plan tasks <paramref name="firstTask"/> … <paramref name="firstTask"/> + <paramref name="taskCount"/> − 1.</summary>
    public static IReadOnlyList<ArrayChunk> Chunk(int taskCount, int maxArraySize, int firstTask = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(taskCount);
        ArgumentOutOfRangeException.ThrowIfNegative(firstTask);
        if (maxArraySize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxArraySize), maxArraySize, "A backend's maximum array size must be at least 1.");
        var chunks = new List<ArrayChunk>((int)Math.Min(int.MaxValue, (taskCount + (long)maxArraySize - 1) / maxArraySize));
        for (long start = 0; start < taskCount; start += maxArraySize)
            chunks.Add(new ArrayChunk(checked(firstTask + (int)start), (int)Math.Min(maxArraySize, taskCount - start)));
        return chunks;
    }

    /// <summary>
    /// Chunks of arbitrary task numbers (a resumed subset): consecutive runs of numbers become chunks, each split at
    /// <paramref name="maxArraySize"/>. The numbers must be strictly ascending.
    /// </summary>
    public static IReadOnlyList<ArrayChunk> Chunk(IReadOnlyList<int> tasks, int maxArraySize)
    {
        var chunks = new List<ArrayChunk>();
        var i = 0;
        while (i < tasks.Count)
        {
            var start = i;
            while (i + 1 < tasks.Count && tasks[i + 1] == tasks[i] + 1)
                i++;
            if (i + 1 < tasks.Count && tasks[i + 1] < tasks[i])
                throw new ArgumentException($"Task numbers must be ascending; {tasks[i + 1]} follows {tasks[i]}.", nameof(tasks));
            if (i + 1 < tasks.Count && tasks[i + 1] == tasks[i])
                throw new ArgumentException($"Task {tasks[i]} is listed twice.", nameof(tasks));
            chunks.AddRange(Chunk(i - start + 1, maxArraySize, tasks[start]));
            i++;
        }
        return chunks;
    }
}
