using Experiments.Registry;

namespace Experiments.Backends;

/// <summary>The points of one experiment a run should execute (after filters and resume), in the order to run them.</summary>
public sealed record PlanSelection(ExperimentDescriptor Experiment, IReadOnlyList<long> Points)
{
    /// <summary>Every point of the experiment.</summary>
    public static PlanSelection All(ExperimentDescriptor experiment) => new(experiment, new AllPoints(experiment.PointCount));

    // A list view of 0..count-1, so selecting a million points allocates nothing until tasks are cut.
    private sealed class AllPoints(long count) : IReadOnlyList<long>
    {
        public long this[int index] => (uint)index < (ulong)count ? index : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count <= int.MaxValue ? (int)count : throw new InvalidOperationException($"{count} points do not fit in one run plan.");

        public IEnumerator<long> GetEnumerator()
        {
            for (long i = 0; i < count; i++)
                yield return i;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
