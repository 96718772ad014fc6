using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Tool.Progress;

/// <summary>
/// The time a run has left, from how long each of its points took when it was last recorded on this machine. Points of
/// one grid can differ a hundredfold in cost (larger problems, harder corners), and a sweep runs them in grid order, so
/// the rate of the first points says little about the rest: here the work left is the recorded seconds of the points
/// not yet ended (a point never recorded counts as the mean of those that were), and the pace is the recorded seconds
/// of the points ended so far per second of the run. Used when at least half the planned points have a recorded
/// duration; otherwise the display falls back to the observed rate.
/// </summary>
public sealed class EtaEstimator
{
    /// <summary>The least share of planned points with a recorded duration for an estimate from durations.</summary>
    public const double MinimumCoverage = 0.5;

    private readonly Dictionary<(string Experiment, long Index), double> _expected;
    private readonly HashSet<(string Experiment, long Index)> _ended = [];
    private readonly double _unrecordedSeconds;
    private readonly double _totalWork;
    private double _doneWork;

    private EtaEstimator(Dictionary<(string, long), double> expected, double unrecordedSeconds, double totalWork)
    {
        _expected = expected;
        _unrecordedSeconds = unrecordedSeconds;
        _totalWork = totalWork;
    }

    /// <summary>
    /// An estimator for <paramref name="plan"/>, or null when too few of its points have a recorded duration.
    /// </summary>
    /// <param name="experiments">The plan's experiments as built (for the keys of its point indexes).</param>
    /// <param name="recordedSeconds">Seconds by key of an experiment's points, as last recorded (empty when none).</param>
    public static EtaEstimator? For(
        RunPlan plan, IReadOnlyList<ExperimentDescriptor> experiments, Func<string, IReadOnlyDictionary<string, double>> recordedSeconds)
    {
        var byName = experiments.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var recorded = plan.Experiments.Select(e => recordedSeconds(e.Name)).ToArray();
        if (recorded.All(r => r.Count == 0))
            return null;
        var expected = new Dictionary<(string, long), double>();
        long unrecorded = 0;
        foreach (var task in plan.Tasks)
        {
            var planned = plan.Experiments[task.Experiment];
            var durations = recorded[task.Experiment];
            byName.TryGetValue(planned.Name, out var descriptor);
            foreach (var index in task.Points)
            {
                if (descriptor is not null && durations.Count > 0 && durations.TryGetValue(descriptor.KeyOf(index), out var seconds))
                    expected[(planned.Name, index)] = seconds;
                else
                    unrecorded++;
            }
        }
        var total = expected.Count + unrecorded;
        if (total == 0 || expected.Count < MinimumCoverage * total)
            return null;
        var known = expected.Values.Sum();
        var mean = known / expected.Count;
        return new EtaEstimator(expected, mean, known + unrecorded * mean);
    }

    /// <summary>Counts the work of points that ended (each once, whatever its status).</summary>
    public void Ended(IEnumerable<PointRecord> records)
    {
        foreach (var record in records)
        {
            if (_ended.Add((record.Experiment, record.Index)))
                _doneWork += _expected.GetValueOrDefault((record.Experiment, record.Index), _unrecordedSeconds);
        }
    }

    /// <summary>The time left at the pace so far; null before any point has ended.</summary>
    public TimeSpan? Remaining(TimeSpan elapsed)
    {
        if (_doneWork <= 0 || elapsed <= TimeSpan.Zero)
            return null;
        var pace = _doneWork / elapsed.TotalSeconds; // recorded seconds of work done per second of the run
        return TimeSpan.FromSeconds(Math.Max(0, _totalWork - _doneWork) / pace);
    }
}
