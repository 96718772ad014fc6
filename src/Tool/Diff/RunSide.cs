using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Reading;
using Experiments.Tool.Running;

namespace Experiments.Tool.Diff;

/// <summary>
/// A journaled run as a side of a diff: the outcome of each point the run finished, read from its records under
/// <c>.experiments/runs/&lt;id&gt;/</c> as <c>resume</c> reads them — so what a run produced can be compared with the
/// results file before or after it was recorded. A run holds only the points it ran, so the other side's points that it
/// lacks are not reported as added or removed.
/// </summary>
public static class RunSide
{
    public static async Task<DiffSide> ReadAsync(string projectDirectory, string runId, FoundResultsFile file, CancellationToken cancellationToken)
    {
        var journal = new RunJournal(projectDirectory);
        var run = journal.Find(runId);
        var label = $"run {run.Id}";
        var manifest = journal.ReadManifest(run.Id);
        var experiment = manifest.Experiments.FirstOrDefault(e => e.Name == file.Experiment);
        if (experiment is null)
            return new DiffSide(label, null, [], Partial: true); // the run did not run this experiment

        var plan = journal.ReadPlan(run.Id);
        var ledger = PointLedger.For(plan, manifest);
        var stores = new HashSet<string>(StringComparer.Ordinal);
        foreach (var submission in journal.ReadSubmissions(run.Id))
        {
            if (!stores.Add(submission.Store))
                continue;
            if (!Directory.Exists(submission.Store))
            {
                throw new UserException(
                    $"The records of run {run.Id} are in its {submission.Backend} backend's store ({submission.Store}), not in a folder on this machine; diff reads a run's records from a folder.",
                    ["Record the run first (dotnet experiment resume " + run.Id + "), then compare git revisions or files."]);
            }
            using var store = new DirectoryResultStore(submission.Store);
            var read = await store.ReadNewAsync(cancellationToken);
            ledger.Add(read.Records);
        }
        var points = ledger.Outcomes()
            .Where(o => o.Record.Experiment == file.Experiment)
            .Select(o => ToPoint(o, experiment.Axes))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
        return new DiffSide(label, experiment.Axes, points, Partial: true);
    }

    private static ResultsFilePoint ToPoint(PointOutcome outcome, IReadOnlyList<ManifestAxis> axes)
    {
        var record = outcome.Record;
        var succeeded = record.Status == PointStatus.Succeeded;
        return new ResultsFilePoint(
            record.Key,
            succeeded ? ResultsFilePoint.Succeeded : ResultsFilePoint.Failed,
            Stale: false,
            ResultsFileParameters.FromKey(record.Key, axes),
            record.Seed,
            Math.Max(1, outcome.Attempts),
            succeeded ? record.Result : null,
            succeeded || record.Error is null
                ? null
                : new ResultsFileError(PointRecordJson.KindText(record.Error.Kind), record.Error.Type, record.Error.Message, record.Error.Detail));
    }
}
