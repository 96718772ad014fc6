using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>
/// Reads a local run's journal folder directly — its records and its worker processes — as the tests' independent
/// witness of what the tool did, and waits for it to get somewhere.
/// </summary>
public static class RunFolderWitness
{
    /// <summary>The journal folder of the project's run after the first <paramref name="earlier"/> runs.</summary>
    public static async Task<string> WaitForRunAsync(string projectDirectory, int earlier = 0)
    {
        var runs = Path.Combine(projectDirectory, ".experiments", "runs");
        string? found = null;
        await WaitUntilAsync(
            () => (found = Directory.Exists(runs) ? Directory.GetDirectories(runs).Order(StringComparer.Ordinal).Skip(earlier).FirstOrDefault() : null) is not null,
            "the run's journal folder");
        return found!;
    }

    /// <summary>Every record in the run's store.</summary>
    public static IReadOnlyList<PointRecord> Records(string runDirectory)
    {
        var records = Path.Combine(runDirectory, PointRecordFiles.RecordsFolder);
        return Directory.Exists(records)
            ? Directory.GetFiles(records, "*" + PointRecordFiles.Extension).SelectMany(file => PointRecordReader.ReadAll(file)).ToArray()
            : [];
    }

    public static int Count(string runDirectory, PointStatus status) => Records(runDirectory).Count(r => r.Status == status);

    /// <summary>The keys with a succeeded record in the run's store.</summary>
    public static HashSet<string> SucceededKeys(string runDirectory) =>
        Records(runDirectory).Where(r => r.Status == PointStatus.Succeeded).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Waits until the worker processes the run's submissions name have all exited.</summary>
    public static async Task WaitForWorkersToExitAsync(string runDirectory)
    {
        var submissions = Path.Combine(runDirectory, "submissions.json");
        if (!File.Exists(submissions))
            return;
        using var document = JsonDocument.Parse(File.ReadAllText(submissions));
        var ids = document.RootElement.EnumerateArray()
            .SelectMany(s => s.GetProperty("jobIds").EnumerateArray().Select(j => int.Parse(j.GetString()!, CultureInfo.InvariantCulture)))
            .ToArray();
        await WaitUntilAsync(() => ids.All(HasExited), "the run's workers to exit");
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private static bool HasExited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
