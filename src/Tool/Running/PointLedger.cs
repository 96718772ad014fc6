using Experiments.Schema;

namespace Experiments.Tool.Running;

/// <summary>
/// Follows a run's records as they stream in: what is running, what has ended, and each point's outcome. A point has
/// ended when it succeeded or used all <c>Retries + 1</c> attempts; a cancelled attempt says the run was stopped, not
/// that the point is bad, so it never becomes the point's outcome.
/// </summary>
public sealed class PointLedger
{
    private readonly Dictionary<string, int> _attemptsAllowed;
    private readonly Dictionary<(string Experiment, long Index), PointState> _points = new();
    private List<PointRecord> _ended = [];

    /// <param name="plan">The run's plan: which experiments and how many points.</param>
    /// <param name="retries">Each planned experiment's retries.</param>
    public PointLedger(RunPlan plan, IReadOnlyDictionary<string, int> retries)
    {
        Planned = plan.PointCount;
        _attemptsAllowed = plan.Experiments.ToDictionary(e => e.Name, e => retries.GetValueOrDefault(e.Name) + 1, StringComparer.Ordinal);
    }

    /// <summary>A ledger for a run's plan, with each experiment's retries from <paramref name="manifest"/>.</summary>
    public static PointLedger For(RunPlan plan, ManifestModel manifest) =>
        new(plan, manifest.Experiments.ToDictionary(e => e.Name, e => e.Resources.Retries, StringComparer.Ordinal));

    public long Planned { get; }

    public long Succeeded { get; private set; }

    /// <summary>Points that failed every attempt they are allowed.</summary>
    public long Failed { get; private set; }

    /// <summary>Points with an attempt under way.</summary>
    public long Running { get; private set; }

    public long Ended => Succeeded + Failed;

    public long Remaining => Math.Max(0, Planned - Ended - Running);

    /// <summary>Takes in new records; records of experiments not in the plan are not this run's and are ignored.</summary>
    public void Add(IEnumerable<PointRecord> records)
    {
        foreach (var record in records)
        {
            if (!_attemptsAllowed.TryGetValue(record.Experiment, out var allowed))
                continue;
            var id = (record.Experiment, record.Index);
            var before = _points.GetValueOrDefault(id);
            var after = before.With(record);
            _points[id] = after;
            Count(before, allowed, -1);
            Count(after, allowed, +1);
            if (after.PhaseFor(allowed) is Phase.Succeeded or Phase.Failed && before.PhaseFor(allowed) is not (Phase.Succeeded or Phase.Failed))
                _ended.Add(after.LastFinal!);
        }
    }

    /// <summary>The final records of points that ended since the last call, for a live picture of the sweep.</summary>
    public IReadOnlyList<PointRecord> TakeEnded()
    {
        var ended = _ended;
        _ended = [];
        return ended;
    }

    /// <summary>Each point's outcome so far: its last succeeded or failed record, cancelled attempts aside.</summary>
    public IEnumerable<PointOutcome> Outcomes() =>
        _points.Values.Where(p => p.LastFinal is not null).Select(p => new PointOutcome(p.LastFinal!, p.Attempts));

    /// <summary>Whether any record of the point (started, ended) reached the store.</summary>
    public bool HasAnyRecord(string experiment, long index) => _points.ContainsKey((experiment, index));

    /// <summary>Whether the point has succeeded in this run.</summary>
    public bool HasSucceeded(string experiment, long index) =>
        _points.TryGetValue((experiment, index), out var p) && p.LastFinal?.Status == PointStatus.Succeeded;

    private void Count(PointState state, int allowed, int sign)
    {
        switch (state.PhaseFor(allowed))
        {
            case Phase.Succeeded:
                Succeeded += sign;
                break;
            case Phase.Failed:
                Failed += sign;
                break;
            case Phase.Running:
                Running += sign;
                break;
        }
    }

    private enum Phase
    {
        NotStarted,
        Running,
        Succeeded,
        Failed,
    }

    private readonly record struct PointState(PointRecord? LastFinal, int FailedAttempts, int Attempts, bool Started)
    {
        public PointState With(PointRecord record) => record.Status switch
        {
            PointStatus.Started => this with { Started = true, Attempts = Math.Max(Attempts, record.Attempt) },
            _ when record.Error?.Kind == ErrorKind.Cancelled => this with { Started = false },
            _ => new PointState(
                record,
                FailedAttempts + (record.CountsAsFailedAttempt ? 1 : 0),
                Math.Max(Attempts, record.Attempt),
                Started: false),
        };

        public Phase PhaseFor(int allowed) =>
            LastFinal?.Status == PointStatus.Succeeded ? Phase.Succeeded
            : Started ? Phase.Running
            : LastFinal is not null && FailedAttempts >= allowed ? Phase.Failed
            : LastFinal is not null ? Phase.Running // failed, a retry is due
            : Phase.NotStarted;
    }
}

/// <summary>A point's outcome in a run: its last final record and how many attempts it took.</summary>
public sealed record PointOutcome(PointRecord Record, int Attempts);
