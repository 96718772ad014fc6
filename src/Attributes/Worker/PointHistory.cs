using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// What a task's record file says about each of its points: succeeded or not, which attempts failed, and attempts
/// that started but never ended (the process died in them). Built fresh each time a worker takes up a task, so a
/// task resumes where any earlier worker left it.
/// </summary>
internal sealed class PointHistory
{
    private readonly Dictionary<string, PointState> _byKey = new(StringComparer.Ordinal);

    public static PointHistory Of(IEnumerable<PointRecord> records, string experiment)
    {
        var history = new PointHistory();
        foreach (var record in records)
        {
            if (record.Experiment != experiment)
                continue;
            var state = history.StateOf(record.Key);
            switch (record.Status)
            {
                case PointStatus.Started:
                    state.Open[record.Attempt] = record;
                    break;
                case PointStatus.Succeeded:
                    state.Open.Remove(record.Attempt);
                    state.Succeeded = true;
                    break;
                case PointStatus.Failed:
                    state.Open.Remove(record.Attempt);
                    if (record.CountsAsFailedAttempt)
                        state.FailedAttempts.Add(record.Attempt);
                    break;
            }
        }
        return history;
    }

    public PointState StateOf(string key)
    {
        if (!_byKey.TryGetValue(key, out var state))
            _byKey[key] = state = new PointState();
        return state;
    }

    internal sealed class PointState
    {
        public bool Succeeded { get; set; }

        /// <summary>Attempt numbers that ended in a failure other than cancellation.</summary>
        public SortedSet<int> FailedAttempts { get; } = [];

        /// <summary>Started records with no final record after them, by attempt.</summary>
        public Dictionary<int, PointRecord> Open { get; } = [];

        /// <summary>The next attempt's number: one past the highest failed attempt (a cancelled attempt is run again under its number).</summary>
        public int NextAttempt => FailedAttempts.Count == 0 ? 1 : FailedAttempts.Max + 1;
    }
}
