using System.Globalization;
using Experiments.Backends;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>Experiment descriptors and run plans for backend tests: only names, point counts and resources matter.</summary>
public static class Plans
{
    /// <summary>An experiment with one int axis of <paramref name="points"/> values.</summary>
    public static ExperimentDescriptor Experiment(string name, long points, ExperimentResources? resources = null)
    {
        var axis = new AxisDescriptor("i", "int", AxisKind.Replicates, new LazyValues(points), new LazyTexts(points));
        return new ExperimentDescriptor(name, "Tests." + name, "Run", "Tests.cs", [axis], points, "0123456789abcdef", resources ?? ExperimentResources.Default, false);
    }

    public static RunPlan Plan(string runId, int pointsPerTask, params ExperimentDescriptor[] experiments) =>
        RunPlanner.Plan(runId, experiments.Select(PlanSelection.All), pointsPerTask);

    public static string NewRunId() => "20261121-120000-" + Guid.NewGuid().ToString("N")[..6];

    // A large axis without boxed values or strings up front.
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
