using Experiments.Registry;
using Experiments.Schema;
using Experiments.Tool.Running;

namespace Experiments.Tool.Recording;

/// <summary>
/// Merges a run's outcomes into the results file of each experiment, beside its source, under the file's lock. The
/// header and the grid (what is stale, the order) come from the current build's manifest. The run's per-point seconds
/// go to the durations kept beside the journal, and their summary to the run's entry in the file.
/// </summary>
public sealed class ResultsRecorder(string projectDirectory, ManifestModel currentManifest, PathScrubber scrubber)
{
    /// <summary>Longer error details are cut: a results file is read by people, and a stack overflow's trace is not for them.</summary>
    public const int MaxDetailLength = 8000;

    /// <returns>The results files written, with how many points of the run each received.</returns>
    /// <exception cref="ResultsFileRecordingException">A results file could not be read or written: the records stay in the journal.</exception>
    public IReadOnlyList<RecordedFile> Record(ManifestModel runManifest, ResultsFileRun run, IEnumerable<PointOutcome> outcomes)
    {
        var written = new List<RecordedFile>();
        foreach (var group in outcomes.GroupBy(o => o.Record.Experiment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var planned = runManifest.Experiments.FirstOrDefault(e => e.Name == group.Key);
            var current = currentManifest.Experiments.FirstOrDefault(e => e.Name == group.Key) ?? planned;
            if (current is null || planned is null)
                continue; // records of an experiment this run did not plan
            var outcomesOf = group.ToArray();
            var points = outcomesOf.Select(ToPoint).ToArray();
            var path = ResultsFiles.PathFor(projectDirectory, current);
            var displayName = Path.GetRelativePath(projectDirectory, path);
            var succeeded = points.Count(p => p.IsSucceeded);
            var runEntry = run with
            {
                Recorded = ResultsFileRunPoints.From(
                    outcomesOf.Where(o => o.Record.Status == PointStatus.Succeeded).Select(o => o.Record.Duration ?? 0),
                    points.Length - succeeded),
            };
            try
            {
                if (Directory.Exists(path))
                    throw new IOException("it is a folder, not a file; move the folder away so the results file can be written there.");
                using var _ = ResultsFileLock.Acquire(path, displayName);
                if (!File.Exists(path))
                    ResultsFileDurations.Clear(path); // durations of a results file since deleted are not this one's
                var merged = ResultsFileStreamingMerge.MergeInto(path, displayName, current, runEntry, points);
                var timings = merged.Upgraded.Concat(outcomesOf.Select(o => new ResultsFileDurations.Entry(o.Record.Key, o.Record.Duration ?? 0, run.Id)));
                ResultsFileDurations.Append(path, timings, merged.PointsInFile);
            }
            catch (Exception e) when (e is ResultsFileFormatException or IOException or UnauthorizedAccessException)
            {
                throw new ResultsFileRecordingException(displayName, e, written);
            }
            written.Add(new RecordedFile(displayName, succeeded, points.Length - succeeded));
        }
        return written;
    }

    private ResultsFilePoint ToPoint(PointOutcome outcome)
    {
        var record = outcome.Record;
        var succeeded = record.Status == PointStatus.Succeeded;
        return new ResultsFilePoint(
            record.Key,
            succeeded ? ResultsFilePoint.Succeeded : ResultsFilePoint.Failed,
            Stale: false,
            default, // schema 2 does not store parameters: the key and the header's axes say them
            record.Seed,
            Math.Max(1, outcome.Attempts),
            succeeded ? record.Result : null,
            succeeded || record.Error is null ? null : ToError(record.Error));
    }

    private ResultsFileError ToError(PointError error)
    {
        var detail = scrubber.Scrub(error.Detail);
        if (detail is { Length: > MaxDetailLength })
            detail = detail[..MaxDetailLength] + "\n… (cut)";
        var message = scrubber.Scrub(error.Message) ?? "";
        if (error.ExitCode is { } code && !message.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            message += $" (exit code {code})";
        return new ResultsFileError(PointRecordJson.KindText(error.Kind), error.Type, message, detail);
    }
}

/// <summary>A results file a run wrote to, relative to the project, with the run's points in it.</summary>
public sealed record RecordedFile(string Path, int Succeeded, int Failed);

/// <summary>
/// A results file that could not be read or written at the end of a run (broken by a merge, replaced by a folder, not
/// writable, locked too long): what is wrong with it, and the files already written before it.
/// </summary>
public sealed class ResultsFileRecordingException(string file, Exception inner, IReadOnlyList<RecordedFile> written)
    : Exception(inner is ResultsFileFormatException f ? $"The results file {f.Message}" : $"The results file {file} could not be written: {inner.Message}", inner)
{
    public string File => file;

    public IReadOnlyList<RecordedFile> Written => written;
}
