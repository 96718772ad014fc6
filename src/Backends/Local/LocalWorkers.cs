using System.Globalization;
using Experiments.Worker;

namespace Experiments.Backends.Local;

/// <summary>
/// The worker processes still alive for a run's store, found by their command line, so that a terminal other than the
/// tool's (<c>status</c>, <c>resume</c>) can tell whether a local run is really over: workers outlive a killed tool
/// for the moments it takes them to notice and stop.
/// </summary>
internal static class LocalWorkers
{
    private const string ProcessTable = "/proc";

    /// <summary>Ids of live worker processes whose <c>--store</c> is <paramref name="store"/>; empty where /proc is not there.</summary>
    public static IReadOnlyList<int> Serving(string store)
    {
        if (!Directory.Exists(ProcessTable))
            return [];
        var wanted = Path.GetFullPath(store);
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories(ProcessTable))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                continue;
            if (Arguments(directory) is { } arguments && IsWorkerFor(arguments, wanted))
                found.Add(pid);
        }
        return found;
    }

    private static bool IsWorkerFor(string[] arguments, string store)
    {
        if (!arguments.Contains(WorkerOptions.WorkerFlag, StringComparer.Ordinal))
            return false;
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] == "--store" && string.Equals(TryFullPath(arguments[i + 1]), store, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static string[]? Arguments(string processDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(processDirectory, "cmdline"));
            return text.Length == 0 ? null : text.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // ended while we looked, or not ours to read
        }
    }

    private static string? TryFullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
