using Experiments.CloudEmulators.Hosting;

namespace Benchmarks.CloudSubmission;

/// <summary>One measured submission: the backend's <c>SubmitAsync</c> wall time and every request the emulators saw.</summary>
/// <param name="Wall">From the call to <c>SubmitAsync</c> to its return (plan upload included).</param>
/// <param name="Batch">The Batch service's requests, in arrival order.</param>
/// <param name="Storage">The object store's requests, where the store is an emulator of ours (GCS); else empty.</param>
/// <param name="Jobs">The jobs the submission recorded.</param>
internal sealed record Measurement(TimeSpan Wall, IReadOnlyList<RecordedRequest> Batch, IReadOnlyList<RecordedRequest> Storage, int Jobs)
{
    /// <summary>Time the Batch service spent answering, summed over requests (concurrent requests overlap).</summary>
    public TimeSpan BatchServiceTime => TimeSpan.FromTicks(Batch.Sum(r => r.Elapsed.Ticks));

    /// <summary>Calls per operation, in the order each operation was first called.</summary>
    public static IReadOnlyList<(string Operation, int Calls)> ByOperation(IReadOnlyList<RecordedRequest> requests) =>
        requests.GroupBy(r => r.Operation ?? $"{r.Method} {r.Path}").Select(g => (g.Key, g.Count())).ToArray();
}
