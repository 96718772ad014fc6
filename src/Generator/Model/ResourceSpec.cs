namespace Experiments.Generator.Model;

/// <summary>What one point needs, validated and normalised.</summary>
/// <param name="Timeout">TimeSpan "c" text, or null for no limit.</param>
/// <param name="TimeoutTicks">The same timeout in ticks, or null.</param>
/// <param name="Memory">The memory text as written (trimmed), or null.</param>
/// <param name="MemoryBytes">The memory in bytes, or null.</param>
internal sealed record ResourceSpec(
    string? Timeout,
    long? TimeoutTicks,
    int Retries,
    int Cpus,
    string? Memory,
    long? MemoryBytes,
    int Gpus)
{
    public static ResourceSpec Default { get; } = new(null, null, 0, 1, null, null, 0);
}
