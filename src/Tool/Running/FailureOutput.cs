using Experiments.Backends;
using Experiments.Schema;

namespace Experiments.Tool.Running;

/// <summary>
/// The last lines each failed point printed on its last attempt, for the end-of-run summary: what the point said before
/// it failed, which its error message alone does not tell. Read from the same task output as <c>logs</c>; the error
/// the worker prints after a failed attempt is left out, since the summary shows it already.
/// </summary>
public static class FailureOutput
{
    public const int LinesShown = 5;

    /// <summary>Reading output is a courtesy to the summary: it gets this long, then the summary goes without.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyDictionary<(string Experiment, string Key), IReadOnlyList<string>>> ReadAsync(
        IExperimentBackend backend, IReadOnlyList<Submission> submissions, IReadOnlyList<PointRecord> failures)
    {
        var found = new Dictionary<(string, string), IReadOnlyList<string>>();
        if (failures.Count == 0)
            return found;
        var wanted = failures.ToDictionary(f => (f.Experiment, f.Key));
        using var limit = new CancellationTokenSource(TimeLimit);
        try
        {
            foreach (var submission in submissions)
            {
                var tasks = failures.Select(f => f.Task).Where(submission.Tasks.Contains).Distinct().Order().ToArray();
                if (tasks.Length == 0)
                    continue;
                foreach (var log in await backend.FindLogsAsync(submission, tasks, limit.Token))
                {
                    if (log.Text is null)
                        continue;
                    foreach (var point in PointOutputSections.Of(log.Text).Points)
                    {
                        if (point.Task == log.Task && wanted.TryGetValue((point.Experiment, point.Key), out var record) && point.Attempt == record.Attempt)
                        {
                            var lines = WithoutError(point.Lines, record.Error);
                            if (lines.Count > 0)
                                found[(point.Experiment, point.Key)] = lines.Skip(Math.Max(0, lines.Count - LinesShown)).ToArray();
                        }
                    }
                }
            }
        }
        catch (Exception)
        {
            // Whatever a backend throws here (a service error, the time limit), the summary still names every failure
            // and its error, the results are still recorded, and `logs` can read the output later.
        }
        return found;
    }

    /// <summary>The point's lines without the error block the worker appended after the attempt.</summary>
    private static IReadOnlyList<string> WithoutError(IReadOnlyList<string> lines, PointError? error)
    {
        if (error is null)
            return lines;
        var text = error.Detail ?? (error.Type is null ? error.Message : $"{error.Type}: {error.Message}");
        var block = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        if (lines.Count < block.Length)
            return lines;
        for (var i = 0; i < block.Length; i++)
        {
            if (lines[lines.Count - block.Length + i] != block[i])
                return lines;
        }
        return lines.Take(lines.Count - block.Length).ToArray();
    }
}
