using System.Globalization;
using Experiments.Backends;
using Experiments.Schema;

namespace Experiments.Tool.Running;

/// <summary>
/// Tasks the backend reports as succeeded whose points left no record at all, not even <c>started</c>: the worker never
/// ran, or ran without reaching the store. The run summary counts their points as not run; this names the tasks and the
/// usual causes, which the counts alone do not tell.
/// </summary>
public static class SilentTasks
{
    /// <summary>How many tasks the message names; the rest are counted.</summary>
    private const int Named = 10;

    /// <returns>The warning, or null when every task that ended successfully recorded something.</returns>
    public static string? Describe(string backend, RunPlan plan, IReadOnlyList<Submission> submissions, IReadOnlyList<SubmissionStatus> statuses, PointLedger ledger)
    {
        if (statuses.Sum(s => s.Count(TaskState.Succeeded)) == 0)
            return null;
        var silent = submissions.SelectMany(s => s.Tasks)
            .Where(t => plan.Tasks[t].Points.All(p => !ledger.HasAnyRecord(plan.ExperimentOf(t).Name, p)))
            .Order()
            .ToArray();
        if (silent.Length == 0)
            return null;
        var names = string.Join(", ", silent.Take(Named).Select(t => t.ToString(CultureInfo.InvariantCulture))) + (silent.Length > Named ? $" and {silent.Length - Named} more" : "");
        return $"{silent.Length} task{(silent.Length == 1 ? "" : "s")} ended on the {backend} backend without recording anything (task{(silent.Length == 1 ? "" : "s")} {names}): " +
            "their points count as not run. Usual causes: the image's entry point is not the worker (a custom ENTRYPOINT or command), " +
            "or the tasks cannot write to the run's store (its permissions, the job's role or identity). Their output: dotnet experiment logs.";
    }
}
