using Experiments.Backends;
using Experiments.Backends.Cloud;
using Experiments.Stores;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;

namespace Experiments.Tool.Cleaning;

/// <summary>
/// <c>clean</c> for the cloud backends whose sections <c>experiments.json</c> has: their stores and registries are
/// listed before anything is removed (as the Slurm shared directory is), then cleaned with <see cref="CloudRunCleaner"/>.
/// </summary>
internal static class CloudStoreCleaning
{
    public sealed record Planned(string Backend, CloudCleaningSetup Setup, CloudCleaning Plan);

    public static async Task<IReadOnlyList<Planned>> PlanAsync(
        ExperimentsConfig config, CleanRequest request, IReadOnlyList<RunInfo> runs, IReadOnlyList<RunInfo> removed, IReadOnlySet<string> keptPackages,
        CancellationToken cancellationToken)
    {
        var planned = new List<Planned>();
        foreach (var backend in CloudCleaningSetup.Backends.Where(b => request.Backend is null || request.Backend == b))
        {
            if (config.Section(backend) is not { } section)
                continue;
            CloudCleaningSetup? setup;
            try
            {
                setup = CloudCleaningSetup.For(section);
            }
            catch (ArgumentException e)
            {
                throw new UserException($"The {backend} store in {config.Path} cannot be opened: {e.Message}");
            }
            if (setup is null)
                continue;
            var mine = removed.Where(r => r.Backend == backend).ToArray();
            try
            {
                var plan = await setup.Cleaner.PlanAsync(
                    mine.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
                    runs.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
                    mine.Where(r => r.PackageId is not null).Select(r => r.PackageId!).ToHashSet(StringComparer.Ordinal),
                    keptPackages,
                    cancellationToken);
                planned.Add(new Planned(backend, setup, plan));
            }
            catch (Exception e) when (e is ObjectStoreException or Experiments.Backends.Container.RegistryException)
            {
                setup.Dispose();
                throw new UserException($"Could not read the {backend} store or registry; nothing was removed: {e.Message}", exitCode: ExitCodes.BackendFailed);
            }
        }
        return planned;
    }

    /// <summary>Removes (or, on a dry run, lists) what was planned; returns how many items and bytes went.</summary>
    public static async Task<(int Count, long Bytes)> RemoveAsync(ToolConsole console, IReadOnlyList<Planned> planned, bool dryRun, CancellationToken cancellationToken)
    {
        var verb = dryRun ? "would remove" : "removed";
        var (count, bytes) = (0, 0L);
        foreach (var (backend, setup, plan) in planned)
        {
            using (setup)
            {
                console.Line($"The {backend} store {plan.Store} and its registry:");
                try
                {
                    if (!dryRun)
                        await setup.Cleaner.RemoveAsync(plan, cancellationToken);
                }
                catch (Exception e) when (e is ObjectStoreException or Experiments.Backends.Container.RegistryException)
                {
                    throw new UserException($"Could not clean the {backend} store or registry: {e.Message}", exitCode: ExitCodes.BackendFailed);
                }
                foreach (var run in plan.Runs)
                    console.Line($"  {verb} run {plan.Store}/{CloudRunCleaner.RunsFolder}{run.RunId} ({run.Objects.Count} objects): {ByteSize.Format(run.Bytes)}");
                foreach (var image in plan.Images)
                    console.Line($"  {verb} image {image.Registry}/{image.Repository}:{image.Tag}");
                if (plan.Runs.Count + plan.Images.Count == 0)
                    console.Line("  none");
                if (plan.ForeignRuns > 0)
                    console.Line($"  left alone: {plan.ForeignRuns} run folder{(plan.ForeignRuns == 1 ? "" : "s")} this project's journal does not know (another project's or machine's)");
                if (setup.RegistryNote is not null)
                    console.Line($"  {setup.RegistryNote}");
                count += plan.Runs.Count + plan.Images.Count;
                bytes += plan.Runs.Sum(r => r.Bytes);
            }
        }
        return (count, bytes);
    }
}
