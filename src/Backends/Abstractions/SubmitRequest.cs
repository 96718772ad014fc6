using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>What to run.</summary>
/// <param name="Package">The prepared app.</param>
/// <param name="Plan">The run plan (the backend reads task counts and experiments from it).</param>
/// <param name="PlanPath">Where the tool wrote <paramref name="Plan"/>; workers read this file.</param>
/// <param name="RunDirectory">The run's journal directory (<c>.experiments/runs/{runId}</c>); a backend whose store is a
/// directory on this machine keeps it here.</param>
/// <param name="Tasks">The plan's task numbers to run; null for all of them.</param>
/// <param name="Resources">What one point of each planned experiment needs, by name (backends that ask a scheduler for
/// cores, memory, GPUs and time read it); an experiment not listed gets <see cref="ExperimentResources.Default"/>.</param>
public sealed record SubmitRequest(
    PreparedPackage Package,
    RunPlan Plan,
    string PlanPath,
    string RunDirectory,
    IReadOnlyList<int>? Tasks = null,
    IReadOnlyDictionary<string, ExperimentResources>? Resources = null)
{
    public ExperimentResources ResourcesOf(string experiment) =>
        Resources?.GetValueOrDefault(experiment) ?? ExperimentResources.Default;

    /// <summary>The task numbers this request runs, in order.</summary>
    public IReadOnlyList<int> TaskNumbers => Tasks ?? Enumerable.Range(0, Plan.Tasks.Count).ToArray();
}
