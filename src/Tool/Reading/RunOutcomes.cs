using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Running;

namespace Experiments.Tool.Reading;

/// <summary>
/// What a journaled run produced, read from its records under <c>.experiments/runs/&lt;id&gt;/</c> as <c>resume</c>
/// reads them: each point's outcome so far, as results-file points, before or after the run was recorded. A run holds
/// only the points it ran.
/// </summary>
public sealed record RunOutcomes(RunInfo Run, ManifestModel Manifest, IReadOnlyDictionary<string, IReadOnlyList<ResultsFilePoint>> PointsByExperiment)
{
    public static async Task<RunOutcomes> ReadAsync(string projectDirectory, string runId, string purpose, CancellationToken cancellationToken)
    {
        var journal = new RunJournal(projectDirectory);
        var run = journal.Find(runId);
        var manifest = journal.ReadManifest(run.Id);
        var ledger = PointLedger.For(journal.ReadPlan(run.Id), manifest);
        var stores = new HashSet<string>(StringComparer.Ordinal);
        foreach (var submission in journal.ReadSubmissions(run.Id))
        {
            if (!stores.Add(submission.Store))
                continue;
            if (!Directory.Exists(submission.Store))
            {
                throw new UserException(
                    $"The records of run {run.Id} are in its {submission.Backend} backend's store ({submission.Store}), not in a folder on this machine; {purpose} reads a run's records from a folder.",
                    ["Record the run first (dotnet experiment resume " + run.Id + "), then use its results file."]);
            }
            using var store = new DirectoryResultStore(submission.Store);
            var read = await store.ReadNewAsync(cancellationToken);
            ledger.Add(read.Records);
        }
        var axes = manifest.Experiments.ToDictionary(e => e.Name, e => e.Axes, StringComparer.Ordinal);
        var points = ledger.Outcomes()
            .Where(o => axes.ContainsKey(o.Record.Experiment))
            .GroupBy(o => o.Record.Experiment, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ResultsFilePoint>)g.Select(o => ToPoint(o, axes[g.Key])).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
                StringComparer.Ordinal);
        return new RunOutcomes(run, manifest, points);
    }

    /// <summary>The run's points of one experiment; empty when it ran none.</summary>
    public IReadOnlyList<ResultsFilePoint> Of(string experiment) => PointsByExperiment.GetValueOrDefault(experiment) ?? [];

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
