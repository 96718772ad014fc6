using System.Globalization;
using Experiments.Backends;
using Experiments.Backends.Cloud;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Listing;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Cleaning;

/// <summary>
/// <c>clean</c>: removes old collected runs from the journal and asks every backend the project configures to clean
/// what it keeps beside the journal (<see cref="IBackendCleaner"/>: the Slurm shared directory's run folders and
/// unneeded packages, …). Every removal is a line with its size, then the total; with
/// <c>--dry-run</c> the same lines say what would go, and nothing is removed.
/// </summary>
public static class CleanHandler
{
    public static async Task<int> CleanAsync(ToolConsole console, string? projectOption, CleanRequest request, CancellationToken cancellationToken)
    {
        var projectFile = ProjectLocator.Locate(projectOption, Directory.GetCurrentDirectory());
        var journal = new RunJournal(Path.GetDirectoryName(projectFile)!);
        var now = DateTimeOffset.UtcNow;
        var verb = request.DryRun ? "would remove" : "removed";
        var runs = journal.List();
        var (remove, kept) = JournalSelection.Select(runs, request, now);
        long total = 0;
        var count = 0;

        // Every backend's place is listed before anything goes: if one cannot be reached, removing journal runs would
        // leave their copies there behind with nothing that names them.
        var removedIds = remove.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var cleaning = new CleaningRequest(
            removedIds,
            runs.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            runs.Where(r => !removedIds.Contains(r.Id) && r.PackageId is not null).Select(r => r.PackageId!).ToHashSet(StringComparer.Ordinal),
            request.OlderThan,
            now);
        var config = ExperimentsConfig.Load(journal.ProjectDirectory, BackendCatalog.Names);
        var backends = await PlanBackendsAsync(config, request, cleaning, cancellationToken);
        var clouds = await CloudStoreCleaning.PlanAsync(config, request, runs, remove, cleaning.KeptPackages, cancellationToken);

        var where = Path.GetRelativePath(Directory.GetCurrentDirectory(), journal.RunsDirectory);
        console.Line($"Runs in {where} that ended more than {Describe(request.OlderThan)} ago{(request.KeepLast > 0 ? $", but the newest {request.KeepLast}" : "")}{(request.Backend is null ? "" : $", on the {request.Backend} backend")}:");
        foreach (var run in remove)
        {
            var directory = journal.DirectoryOf(run.Id);
            var bytes = ByteSize.OfDirectory(directory);
            if (!request.DryRun)
                Directory.Delete(directory, recursive: true);
            console.Line($"  {verb} run {run.Id} ({run.Backend}, {RunListing.Describe(run, journal)}): {ByteSize.Format(bytes)}");
            total += bytes;
            count++;
        }
        foreach (var (run, reason) in kept)
            console.Line($"  kept run {run.Id} ({run.Backend}): {reason}");
        if (remove.Count == 0 && kept.Count == 0)
            console.Line("  none");

        foreach (var (cleaner, plan) in backends)
        {
            total += plan.Remove.Sum(e => e.Bytes);
            count += plan.Remove.Count;
            await CleanBackendAsync(console, cleaner, plan, request, cancellationToken);
        }
        var (cloudCount, cloudBytes) = await CloudStoreCleaning.RemoveAsync(console, clouds, request.DryRun, cancellationToken);
        count += cloudCount;
        total += cloudBytes;

        console.Line(request.DryRun
            ? $"Dry run: nothing was removed; {count} item{(count == 1 ? "" : "s")} would go, {ByteSize.Format(total)} in all."
            : $"Removed {count} item{(count == 1 ? "" : "s")}, {ByteSize.Format(total)} in all.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The cleaner of each backend the project configures (or of <c>--backend</c>'s), with what would go: a backend with a
    /// section in experiments.json is created from it, as <c>run</c> would, and asked for its cleaner.
    /// </summary>
    private static async Task<IReadOnlyList<(IBackendCleaner Cleaner, CleaningPlan Plan)>> PlanBackendsAsync(
        ExperimentsConfig config, CleanRequest request, CleaningRequest cleaning, CancellationToken cancellationToken)
    {
        var names = request.Backend is { } chosen ? [chosen] : BackendCatalog.Names.Where(n => config.Section(n) is not null).ToArray();
        var plans = new List<(IBackendCleaner, CleaningPlan)>();
        foreach (var name in names)
        {
            if (BackendCatalog.Definition(name).ConfigTemplate is null && config.Section(name) is null)
                continue; // a backend without settings (local) keeps nothing beside the journal
            if (CloudCleaningSetup.Backends.Contains(name))
                continue; // a cloud store and registry are cleaned from the section alone (CloudStoreCleaning): no Batch service needed
            await using var backend = await BackendCatalog.CreateAsync(name, new BackendSetup(new BackendSettings(null), config), cancellationToken);
            if (backend.Cleaner is not { } cleaner)
                continue;
            try
            {
                plans.Add((cleaner, await cleaner.PlanAsync(cleaning, cancellationToken)));
            }
            catch (BackendUserException e)
            {
                throw new UserException($"Could not read the {cleaner.Where}; nothing was removed: {e.Message}", exitCode: ExitCodes.BackendFailed);
            }
        }
        return plans;
    }

    private static async Task CleanBackendAsync(ToolConsole console, IBackendCleaner cleaner, CleaningPlan plan, CleanRequest request, CancellationToken cancellationToken)
    {
        console.Line($"{char.ToUpperInvariant(cleaner.Where[0])}{cleaner.Where[1..]}:");
        try
        {
            if (!request.DryRun)
                await cleaner.CleanAsync(plan, cancellationToken);
        }
        catch (BackendUserException e)
        {
            throw new UserException($"Could not clean the {cleaner.Where}: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
        var verb = request.DryRun ? "would remove" : "removed";
        foreach (var item in plan.Remove)
            console.Line($"  {verb} {item.What}: {ByteSize.Format(item.Bytes)}");
        if (plan.Remove.Count == 0)
            console.Line("  none");
        if (plan.Note is not null)
            console.Line($"  {plan.Note}");
    }

    private static string Describe(TimeSpan age) =>
        age.TotalDays >= 1 && age.TotalDays == Math.Floor(age.TotalDays)
            ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:0} day{(age.TotalDays == 1 ? "" : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0} hour{(age.TotalHours == 1 ? "" : "s")}");
}
