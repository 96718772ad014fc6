using System.Text;
using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.Backends.Cloud;

/// <summary>What a cloud backend puts in the run's store before it submits anything: the plan the workers read.</summary>
public static class CloudRunFiles
{
    /// <summary>
    /// Uploads the plan as <see cref="CloudRunLocation.PlanObject"/> unless the same bytes are already there (a resumed
    /// run submits again with its own plan). Done before the first job is submitted, so no task can start without it.
    /// </summary>
    public static async Task UploadPlanAsync(IObjectStore runStore, RunPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runStore);
        ArgumentNullException.ThrowIfNull(plan);
        var content = Encoding.UTF8.GetBytes(RunPlanJson.Serialize(plan));
        var existing = await runStore.GetAsync(CloudRunLocation.PlanObject, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.AsSpan().SequenceEqual(content))
            return;
        await runStore.PutAsync(CloudRunLocation.PlanObject, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan a run uploaded, for a process that did not submit it (status, cancel, resume); null if absent.</summary>
    public static async Task<RunPlan?> ReadPlanAsync(IObjectStore runStore, CancellationToken cancellationToken)
    {
        var content = await runStore.GetAsync(CloudRunLocation.PlanObject, cancellationToken).ConfigureAwait(false);
        return content is null ? null : RunPlanJson.Parse(Encoding.UTF8.GetString(content), $"{runStore.Location}/{CloudRunLocation.PlanObject}");
    }
}
