using System.Globalization;
using Experiments.Backends;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.AzureBatch.Tests.Support;

/// <summary>Plans made with the real planner from descriptors of any size (axes are lazy).</summary>
internal static class Plans
{
    public static ExperimentDescriptor Experiment(string name, long points, ExperimentResources? resources = null)
    {
        var axis = new AxisDescriptor("i", "int", AxisKind.Replicates, new LazyValues(points), new LazyTexts(points));
        return new ExperimentDescriptor(name, "Tests." + name, "Run", "Tests.cs", [axis], points, "0123456789abcdef", resources ?? ExperimentResources.Default, false);
    }

    public static RunPlan Plan(long points, int pointsPerTask = 1, string runId = "20250101-120000-abcd") =>
        RunPlanner.Plan(runId, [PlanSelection.All(Experiment("Tests.Grid", points))], pointsPerTask);

    public static SubmitRequest Request(RunPlan plan, IReadOnlyList<int>? tasks = null, ExperimentResources? resources = null) =>
        new(new PreparedPackage("pkg0123", "127.0.0.1:5000/experiments/app:pkg0123", "App"), plan, "/tmp/plan.json", "/tmp/run", tasks,
            resources is null ? null : plan.Experiments.ToDictionary(e => e.Name, _ => resources));

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
