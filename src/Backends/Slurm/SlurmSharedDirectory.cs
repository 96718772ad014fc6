using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.Backends.Slurm;

/// <summary>
/// <c>clean</c> on Slurm: the runs and packages in the shared directory (<see cref="SlurmPaths"/>), listed and removed
/// through the cluster's shell so that it works the same on this machine and over ssh. One command lists everything,
/// with sizes, times and the packages each run's scripts use: the shared directory may be far away. What goes: the
/// folder of every journal run being removed, and packages older than the cutoff that no remaining run needs (neither a
/// run left on the cluster, whose scripts name its package, nor one left in the journal). Runs the journal does not know
/// (another project's, another machine's) stay.
/// </summary>
public sealed partial class SlurmSharedDirectory(ISlurmShell shell, SlurmPaths paths, string? host) : IBackendCleaner
{
    /// <summary>For each folder: path, bytes, modification time (epoch seconds), and for runs the packages its scripts name.</summary>
    private const string ListScript = """
        for d in "$1"/runs/* "$1"/packages/*; do
          [ -d "$d" ] || continue
          printf '%s\t%s\t%s\t' "$d" "$(du -sb "$d" | cut -f1)" "$(stat -c %Y "$d")"
          case "$d" in "$1"/runs/*) cat "$d"/scripts/*.sbatch 2>/dev/null | grep -o 'packages/[0-9a-f]*' | sort -u | tr '\n' ' ' ;; esac
          printf '\n'
        done
        """;

    public string Where => $"Slurm shared directory {(host is null ? "" : host + ":")}{paths.SharedDirectory}";

    public async Task<CleaningPlan> PlanAsync(CleaningRequest request, CancellationToken cancellationToken)
    {
        var entries = await ListAsync(cancellationToken).ConfigureAwait(false);
        var runs = entries.Where(e => e.IsRun).ToArray();
        var removeRuns = runs.Where(r => request.RemovedRuns.Contains(r.Name)).ToArray();
        var needed = runs.Except(removeRuns).SelectMany(r => r.Packages).Concat(request.KeptPackages).ToHashSet(StringComparer.Ordinal);
        var removePackages = entries.Where(e => !e.IsRun && !needed.Contains(e.Name) && request.Now - e.ModifiedAt >= request.OlderThan);
        var foreign = runs.Count(r => !request.JournaledRuns.Contains(r.Name));
        Entry[] remove = [.. removeRuns, .. removePackages];
        return new CleaningPlan(
            remove.Select(e => new CleaningItem($"{(e.IsRun ? "run" : "package")} {e.Path}", e.Bytes)).ToArray(),
            foreign == 0 ? null : $"left alone: {foreign} run folder{(foreign == 1 ? "" : "s")} this project's journal does not know (another project's or machine's)",
            remove);
    }

    public async Task CleanAsync(CleaningPlan plan, CancellationToken cancellationToken)
    {
        var entries = (Entry[])plan.State!;
        if (entries.Length == 0)
            return;
        var result = await shell.RunAsync(["rm", "-rf", "--", .. entries.Select(e => e.Path)], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"Removing from {paths.SharedDirectory} failed on {shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{result.StandardError.Trim()}");
    }

    private async Task<IReadOnlyList<Entry>> ListAsync(CancellationToken cancellationToken)
    {
        var root = paths.SharedDirectory.TrimEnd('/');
        var result = await shell.RunAsync(["sh", "-c", ListScript, "list", root], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"Listing {root} failed on {shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{(result.StandardError + result.StandardOutput).Trim()}");
        var entries = new List<Entry>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                continue;
            var path = fields[0];
            var name = path[(path.LastIndexOf('/') + 1)..];
            var isRun = path == paths.Run(name);
            // Only folders the tool names itself are ever touched: a run id, or a package id of hex digits.
            if (isRun ? !RunId().IsMatch(name) : path != paths.Package(name) || !PackageId().IsMatch(name))
                continue;
            var packages = fields.Length > 3 ? fields[3].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p["packages/".Length..]).ToArray() : [];
            entries.Add(new Entry(path, name, isRun, bytes, DateTimeOffset.FromUnixTimeSeconds(seconds), packages));
        }
        return entries;
    }

    /// <param name="Packages">For a run, the package ids its sbatch scripts start: the packages it needs.</param>
    private sealed record Entry(string Path, string Name, bool IsRun, long Bytes, DateTimeOffset ModifiedAt, IReadOnlyList<string> Packages);

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex PackageId();

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunId();
}
