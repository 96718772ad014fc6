using Experiments.CloudEmulators.Hosting;

namespace Benchmarks.CloudSubmission;

/// <summary>Figures from a submission the service refused in part would flatter it; such a run stops the benchmark.</summary>
internal static class Checks
{
    public static void NoViolations(string backend, IReadOnlyList<RecordedViolation> violations)
    {
        if (violations.Count > 0)
            throw new InvalidOperationException($"{backend}: {violations.Count} requests broke the API definition, the first: {violations[0]}");
    }
}
