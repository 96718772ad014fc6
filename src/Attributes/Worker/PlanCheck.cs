using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// A plan's point indexes mean something only for the grid they were planned from: refuse a plan whose experiments
/// this app lacks or whose grid hashes differ from the app's (the project was rebuilt with another grid after planning).
/// </summary>
internal static class PlanCheck
{
    /// <summary>The app's experiment for each of the plan's experiments, by position.</summary>
    public static GeneratedExperiment[] Resolve(RunPlan plan, string planPath, Func<string, GeneratedExperiment?> find, IEnumerable<string> known)
    {
        var resolved = new GeneratedExperiment[plan.Experiments.Count];
        for (var i = 0; i < resolved.Length; i++)
        {
            var planned = plan.Experiments[i];
            var experiment = find(planned.Name);
            if (experiment is null)
            {
                var names = string.Join(", ", known.Order(StringComparer.Ordinal));
                throw new WorkerInvocationException(
                    $"The plan {planPath} runs '{planned.Name}', which this app does not contain (it has: {(names.Length == 0 ? "no experiments" : names)}). " +
                    "The app was rebuilt without it after the run was planned; plan the run again.");
            }
            var descriptor = experiment.Descriptor;
            if (descriptor.GridHash != planned.GridHash || descriptor.PointCount != planned.Points)
            {
                throw new WorkerInvocationException(
                    $"The grid of '{planned.Name}' in this app (hash {descriptor.GridHash}, {descriptor.PointCount} points) differs from the plan's " +
                    $"(hash {planned.GridHash}, {planned.Points} points): the app was rebuilt with a changed grid after the run was planned. " +
                    "Plan the run again (`dotnet experiment run` or `resume`) so point indexes match the app.");
            }
            resolved[i] = experiment;
        }
        return resolved;
    }
}
