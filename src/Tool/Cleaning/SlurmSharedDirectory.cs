using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Backends;
using Experiments.Backends.Slurm;

namespace Experiments.Tool.Cleaning;

/// <summary>
/// The runs and packages in a Slurm shared directory (<see cref="SlurmPaths"/>), listed and removed through the
/// cluster's shell so that it works the same on this machine and over ssh. One command lists everything, with sizes,
/// times and the packages each run's scripts use: the shared directory may be far away.
/// </summary>
public sealed partial class SlurmSharedDirectory(ISlurmShell shell, SlurmPaths paths)
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

    public string Where => shell.Where;

    public SlurmPaths Paths => paths;

    public async Task<IReadOnlyList<SlurmSharedEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var root = paths.SharedDirectory.TrimEnd('/');
        var result = await shell.RunAsync(["sh", "-c", ListScript, "list", root], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"Listing {root} failed on {shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{(result.StandardError + result.StandardOutput).Trim()}");
        var entries = new List<SlurmSharedEntry>();
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
            if (isRun ? !Journal.RunId.IsValid(name) : path != paths.Package(name) || !PackageId().IsMatch(name))
                continue;
            var packages = fields.Length > 3
                ? fields[3].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p["packages/".Length..]).ToArray()
                : [];
            entries.Add(new SlurmSharedEntry(path, name, isRun, bytes, DateTimeOffset.FromUnixTimeSeconds(seconds), packages));
        }
        return entries;
    }

    public async Task RemoveAsync(IReadOnlyList<SlurmSharedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return;
        var result = await shell.RunAsync(["rm", "-rf", "--", .. entries.Select(e => e.Path)], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new SlurmShellException($"Removing from {paths.SharedDirectory} failed on {shell.Where} (exit {result.ExitCode}):{Environment.NewLine}{result.StandardError.Trim()}");
    }

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex PackageId();
}
