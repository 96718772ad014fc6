using System.Buffers;
using System.Text.Json;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Tool.Running;

namespace Experiments.Tool.Recording;

/// <summary>
/// Merges a run's outcomes into the results file of each experiment, beside its source. The header and the grid (what
/// is stale) come from the current build's manifest; the parameters of a point come from the manifest the run was
/// planned with, which is the grid its records were made in.
/// </summary>
public sealed class ResultsRecorder(string projectDirectory, ManifestModel currentManifest, PathScrubber scrubber)
{
    /// <summary>Longer error details are cut: a results file is read by people, and a stack overflow's trace is not for them.</summary>
    public const int MaxDetailLength = 8000;

    /// <returns>The results files written, with how many points of the run each received.</returns>
    public IReadOnlyList<RecordedFile> Record(ManifestModel runManifest, ResultsFileRun run, IEnumerable<PointOutcome> outcomes)
    {
        var written = new List<RecordedFile>();
        foreach (var group in outcomes.GroupBy(o => o.Record.Experiment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var planned = runManifest.Experiments.FirstOrDefault(e => e.Name == group.Key);
            var current = currentManifest.Experiments.FirstOrDefault(e => e.Name == group.Key) ?? planned;
            if (current is null || planned is null)
                continue; // records of an experiment this run did not plan
            var plannedGrid = Manifest.ToDescriptor(planned);
            var points = group.Select(o => ToPoint(o, plannedGrid, planned, run.Id)).ToArray();
            var path = ResultsFiles.PathFor(projectDirectory, current);
            var existing = ResultsFiles.Read(projectDirectory, current);
            ResultsFileWriter.Write(path, ResultsFileMerge.Merge(existing, current, run, points));
            written.Add(new RecordedFile(
                Path.GetRelativePath(projectDirectory, path),
                points.Count(p => p.IsSucceeded),
                points.Count(p => !p.IsSucceeded)));
        }
        return written;
    }

    private ResultsFilePoint ToPoint(PointOutcome outcome, ExperimentDescriptor grid, ManifestExperiment experiment, string runId)
    {
        var record = outcome.Record;
        var succeeded = record.Status == PointStatus.Succeeded;
        return new ResultsFilePoint(
            record.Key,
            succeeded ? ResultsFilePoint.Succeeded : ResultsFilePoint.Failed,
            Stale: false,
            Parameters(grid, experiment, record),
            record.Seed,
            Math.Max(1, outcome.Attempts),
            record.Duration ?? 0,
            runId,
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

    /// <summary>The point's parameters as typed JSON: each axis's value as the manifest writes it (numbers as numbers).</summary>
    private static JsonElement Parameters(ExperimentDescriptor grid, ManifestExperiment experiment, PointRecord record)
    {
        var values = ValuesOf(grid, experiment, record);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static IEnumerable<(string Name, JsonElement Value)> ValuesOf(ExperimentDescriptor grid, ManifestExperiment experiment, PointRecord record)
    {
        // The index is the fast way; the key is the identity, so it decides when the two disagree.
        var index = record.Index >= 0 && record.Index < grid.PointCount && grid.KeyOf(record.Index) == record.Key
            ? record.Index
            : grid.TryIndexOf(record.Key);
        if (index is { } i)
        {
            var digits = grid.Digits(i);
            return experiment.Axes.Select((axis, a) => (axis.Name, axis.Values[digits[a]]));
        }
        // Not a point of the planned grid (should not happen): keep the key's texts as strings rather than lose them.
        return Points.PointKey.Parse(record.Key).Select(p => (p.Key, JsonSerializer.SerializeToElement(p.Value)));
    }
}

/// <summary>A results file a run wrote to, relative to the project, with the run's points in it.</summary>
public sealed record RecordedFile(string Path, int Succeeded, int Failed);
