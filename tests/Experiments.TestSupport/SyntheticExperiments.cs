using System.Globalization;
using Experiments.Registry;

namespace Experiments.TestSupport;

/// <summary>
/// Experiment descriptors for planner and backend tests, where only names, point counts and resources matter: one int
/// axis of any size, whose values and texts are made on demand (a 250,000-point plan holds no boxed value per point).
/// </summary>
public static class SyntheticExperiments
{
    /// <summary>An experiment with one int axis of <paramref name="points"/> values.</summary>
    public static ExperimentDescriptor WithPoints(string name, long points, ExperimentResources? resources = null)
    {
        var axis = new AxisDescriptor("i", "int", AxisKind.Replicates, new LazyValues(points), new LazyTexts(points));
        return new ExperimentDescriptor(name, "Tests." + name, "Run", "Tests.cs", [axis], points, "0123456789abcdef", resources ?? ExperimentResources.Default, false);
    }

    private sealed class LazyValues(long count) : IReadOnlyList<object>
    {
        public object this[int index] => index;
        public int Count => (int)count;
        public IEnumerator<object> GetEnumerator() => Enumerable.Range(0, (int)count).Cast<object>().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class LazyTexts(long count) : IReadOnlyList<string>
    {
        public string this[int index] => index.ToString(CultureInfo.InvariantCulture);
        public int Count => (int)count;
        public IEnumerator<string> GetEnumerator() => Enumerable.Range(0, (int)count).Select(i => i.ToString(CultureInfo.InvariantCulture)).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
