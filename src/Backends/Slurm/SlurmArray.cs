namespace Experiments.Backends.Slurm;

/// <summary>One submitted array job and the plan tasks it runs (array index i runs task <c>Chunk.Offset + i</c>).</summary>
public sealed record SlurmArray(string JobId, ArrayChunk Chunk);
