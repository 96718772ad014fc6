using System.Globalization;
using Experiments.Backends;
using Experiments.Backends.Configuration;
using Experiments.Backends.Slurm;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Listing;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;

namespace Experiments.Tool.Cleaning;

/// <summary>
/// <c>clean</c>: removes old collected runs from the journal and, when the project has a Slurm section, their folders
/// and unneeded packages from the shared directory. Every removal is a line with its size, then the total; with
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

        // The cluster is listed before anything goes: if it cannot be reached, removing journal runs would leave their
        // cluster folders behind with nothing that names them.
        var removedIds = remove.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var slurm = request.Backend is null or SlurmBackend.BackendName
            ? await PlanSlurmAsync(journal, request, runs, removedIds, now, cancellationToken)
            : null;
        var keptPackages = runs.Where(r => !removedIds.Contains(r.Id) && r.PackageId is not null).Select(r => r.PackageId!).ToHashSet(StringComparer.Ordinal);
        var clouds = await CloudStoreCleaning.PlanAsync(journal, request, runs, remove, keptPackages, cancellationToken);

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

        if (slurm is not null)
        {
            total += slurm.Remove.Sum(e => e.Bytes);
            count += slurm.Remove.Count;
            await CleanSlurmAsync(console, slurm, request, cancellationToken);
        }
        var (cloudCount, cloudBytes) = await CloudStoreCleaning.RemoveAsync(console, clouds, request.DryRun, cancellationToken);
        count += cloudCount;
        total += cloudBytes;

        console.Line(request.DryRun
            ? $"Dry run: nothing was removed; {count} item{(count == 1 ? "" : "s")} would go, {ByteSize.Format(total)} in all."
            : $"Removed {count} item{(count == 1 ? "" : "s")}, {ByteSize.Format(total)} in all.");
        return ExitCodes.Success;
    }

    /// <summary>The shared directory and what goes from it; null when the project has no slurm section.</summary>
    private static async Task<SlurmCleaning?> PlanSlurmAsync(
        RunJournal journal, CleanRequest request, IReadOnlyList<RunInfo> runs, IReadOnlySet<string> removedIds,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var config = ExperimentsConfig.Load(journal.ProjectDirectory, Backends.BackendCatalog.Names);
        var section = request.Backend is null ? config.Section(SlurmBackend.BackendName) : config.RequireSection(SlurmBackend.BackendName);
        if (section is null)
            return null;
        SlurmOptions options;
        try
        {
            options = SlurmConfig.Bind(section).Validated();
        }
        catch (ConfigException e)
        {
            throw new UserException($"{e.File} has {(e.Problems.Count == 1 ? "a problem" : "problems")} in its \"slurm\" section:", e.Problems);
        }
        catch (SlurmOptionsException e)
        {
            throw new UserException("The \"slurm\" settings have problems:", e.Problems);
        }
        ISlurmShell shell = options.Host is null ? new LocalSlurmShell() : new SshSlurmShell(options.Host);
        var shared = new SlurmSharedDirectory(shell, new SlurmPaths(options.SharedDirectory));
        var shown = options.Host is null ? options.SharedDirectory : $"{options.Host}:{options.SharedDirectory}";
        try
        {
            var entries = await shared.ListAsync(cancellationToken);
            var keptRuns = runs.Where(r => !removedIds.Contains(r.Id)).ToArray();
            var (remove, foreign) = SlurmSharedSelection.Select(
                entries,
                removedIds,
                runs.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
                keptRuns.Where(r => r.PackageId is not null).Select(r => r.PackageId!).ToHashSet(StringComparer.Ordinal),
                request,
                now);
            return new SlurmCleaning(shared, shown, remove, foreign);
        }
        catch (SlurmShellException e)
        {
            throw new UserException($"Could not read the Slurm shared directory {shown}; nothing was removed: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
    }

    private static async Task CleanSlurmAsync(ToolConsole console, SlurmCleaning slurm, CleanRequest request, CancellationToken cancellationToken)
    {
        console.Line($"Slurm shared directory {slurm.Shown}:");
        try
        {
            if (!request.DryRun)
                await slurm.Directory.RemoveAsync(slurm.Remove, cancellationToken);
        }
        catch (SlurmShellException e)
        {
            throw new UserException($"Could not clean the Slurm shared directory {slurm.Shown}: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
        var verb = request.DryRun ? "would remove" : "removed";
        foreach (var entry in slurm.Remove)
            console.Line($"  {verb} {(entry.IsRun ? "run" : "package")} {entry.Path}: {ByteSize.Format(entry.Bytes)}");
        if (slurm.Remove.Count == 0)
            console.Line("  none");
        if (slurm.ForeignRuns > 0)
            console.Line($"  left alone: {slurm.ForeignRuns} run folder{(slurm.ForeignRuns == 1 ? "" : "s")} this project's journal does not know (another project's or machine's)");
    }

    private sealed record SlurmCleaning(SlurmSharedDirectory Directory, string Shown, IReadOnlyList<SlurmSharedEntry> Remove, int ForeignRuns);

    private static string Describe(TimeSpan age) =>
        age.TotalDays >= 1 && age.TotalDays == Math.Floor(age.TotalDays)
            ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:0} day{(age.TotalDays == 1 ? "" : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0} hour{(age.TotalHours == 1 ? "" : "s")}");
}
