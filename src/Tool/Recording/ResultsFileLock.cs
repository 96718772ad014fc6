using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Recording;

/// <summary>
/// An exclusive lock on one results file, held while it is read, merged and written, so runs, resumes and collections
/// in any number of terminals never lose each other's points. The lock is an OS lock on a file in the project's
/// git-ignored <c>.experiments/locks/</c> folder (never deleted, so no two processes can ever lock two different files
/// of one name); a process that dies releases it. A bounded wait: past it, the caller's records stay in the journal.
/// </summary>
public sealed class ResultsFileLock : IDisposable
{
    /// <summary>How long to wait by default; <c>EXPERIMENTS_RESULTS_LOCK_SECONDS</c> changes it.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);

    private readonly FileStream _stream;

    private ResultsFileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of a results file, beside its durations in the project's <c>.experiments</c> folder.</summary>
    public static string PathFor(string resultsFilePath)
    {
        var durations = ResultsFileDurations.PathFor(resultsFilePath);
        var experiments = Path.GetDirectoryName(durations)!;
        while (Path.GetFileName(experiments) != ".experiments")
            experiments = Path.GetDirectoryName(experiments)!;
        var relative = Path.GetRelativePath(Path.Combine(experiments, ResultsFileDurations.FolderName), durations);
        return Path.Combine(experiments, "locks", relative[..^".durations.jsonl".Length] + ".lock");
    }

    /// <summary>Waits for the lock of <paramref name="resultsFilePath"/>; a <see cref="UserException"/> when another process keeps it past the wait.</summary>
    public static ResultsFileLock Acquire(string resultsFilePath, string displayName, TimeSpan? wait = null)
    {
        var path = PathFor(resultsFilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var limit = wait ?? Configured() ?? DefaultWait;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive OS lock (flock on Unix): a second opener fails until the first closes.
                return new ResultsFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < limit)
            {
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20)));
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
            }
            catch (IOException e)
            {
                throw new ResultsFileLockTimeoutException(
                    $"{displayName} stayed locked by another dotnet experiment process for {limit.TotalSeconds:0} s (lock: {path}): {e.Message}", e);
            }
        }
    }

    private static TimeSpan? Configured() =>
        double.TryParse(Environment.GetEnvironmentVariable("EXPERIMENTS_RESULTS_LOCK_SECONDS"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another process held a results file's lock past the wait.</summary>
public sealed class ResultsFileLockTimeoutException(string message, Exception inner) : IOException(message, inner);
