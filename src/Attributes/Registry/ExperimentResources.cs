namespace Experiments.Registry;

/// <summary>What one point needs, from <see cref="ExperimentAttribute"/>; backends map it to their own requests.</summary>
/// <param name="Timeout">Longest time one point may run; null for no limit.</param>
/// <param name="Retries">Further attempts after a failure.</param>
/// <param name="Cpus">Cores per point.</param>
/// <param name="Memory">Memory as written (<c>2GiB</c>); null when not set.</param>
/// <param name="MemoryBytes">Memory in bytes; null when not set.</param>
/// <param name="Gpus">GPUs per point.</param>
public sealed record ExperimentResources(
    TimeSpan? Timeout,
    int Retries,
    int Cpus,
    string? Memory,
    long? MemoryBytes,
    int Gpus)
{
    public static ExperimentResources Default { get; } = new(null, 0, 1, null, null, 0);
}
