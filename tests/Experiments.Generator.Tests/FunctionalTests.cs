using System.Text.Json;
using Experiments.Generator.Tests.Infrastructure;
using Experiments.Points;
using Experiments.Registry;

namespace Experiments.Generator.Tests;

/// <summary>
/// Generated dispatchers compiled against the real Experiments assembly, loaded and called: keys, argument decoding
/// (last axis fastest), result JSON, injected context and cancellation, exact ranges, and exceptions.
/// </summary>
public sealed class FunctionalTests
{
    // Each test uses its own namespace: the registry is process-wide and experiment names must be unique in it.
    private static string EchoSource(string ns) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Experiments;

        namespace {{ns}};

        public enum Solver { Omp, Ista, Lasso }

        public record Echo(double Delta, double Rho, int Replicate, Solver Solver, string Key, int Seed, string Experiment, bool Cancelled);

        public class PhaseTransition
        {
            [Experiment(Timeout = "00:05:00", Retries = 2, Memory = "2GiB")]
            public Echo Run(
                [Grid(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)] double delta,
                [Range(0.02, 0.98, 0.02)] double rho,
                [Replicates(20)] int replicate,
                Solver solver,
                ExperimentContext context,
                CancellationToken cancellationToken)
                => new Echo(delta, rho, replicate, solver, context.Key, context.Seed, context.Experiment, cancellationToken.IsCancellationRequested);
        }
        """;

    [Fact]
    public async Task DecodesPointsLastAxisFastestAndPassesTypedArguments()
    {
        using var assembly = InMemoryAssembly.Build(EchoSource("Decode"), "Decode");
        var experiment = assembly.Experiment("Decode.PhaseTransition.Run");
        var descriptor = experiment.Descriptor;
        Assert.Equal(9L * 49 * 20 * 3, descriptor.PointCount);

        // index = ((delta · 49 + rho) · 20 + replicate) · 3 + solver
        foreach (var (index, delta, rho, replicate, solver) in new[]
                 {
                     (0L, 0.1, 0.02, 0, "Omp"),
                     (1L, 0.1, 0.02, 0, "Ista"),
                     (3L, 0.1, 0.02, 1, "Omp"),
                     (60L, 0.1, 0.04, 0, "Omp"),
                     (((4L * 49 + 2) * 20 + 7) * 3 + 2, 0.5, 0.06, 7, "Lasso"),
                     (descriptor.PointCount - 1, 0.9, 0.98, 19, "Lasso"),
                 })
        {
            var key = descriptor.KeyOf(index);
            var json = await experiment.InvokeAsync(index, Context(experiment, key));
            using var result = JsonDocument.Parse(json!);
            var root = result.RootElement;
            Assert.Equal(delta, root.GetProperty("delta").GetDouble());
            Assert.Equal(rho, root.GetProperty("rho").GetDouble());
            Assert.Equal(replicate, root.GetProperty("replicate").GetInt32());
            Assert.Equal(solver, root.GetProperty("solver").GetString());
            Assert.Equal($"delta={Text(delta)};rho={Text(rho)};replicate={replicate};solver={solver}", key);
            Assert.Equal(key, root.GetProperty("key").GetString());
        }
    }

    [Fact]
    public async Task WritesTheResultAsCamelCaseJsonWithTheInjectedContext()
    {
        using var assembly = InMemoryAssembly.Build(EchoSource("Json"), "Json");
        var experiment = assembly.Experiment("Json.PhaseTransition.Run");
        var key = experiment.Descriptor.KeyOf(7);
        var seed = Seeds.Derive(experiment.Descriptor.Name, key);

        var json = await experiment.InvokeAsync(7, Context(experiment, key));

        Assert.Equal(
            $$"""{"delta":0.1,"rho":0.02,"replicate":2,"solver":"Ista","key":"delta=0.1;rho=0.02;replicate=2;solver=Ista","seed":{{seed}},"experiment":"Json.PhaseTransition.Run","cancelled":false}""",
            json);
    }

    [Fact]
    public async Task PassesTheContextsCancellationToken()
    {
        using var assembly = InMemoryAssembly.Build(EchoSource("Cancel"), "Cancel");
        var experiment = assembly.Experiment("Cancel.PhaseTransition.Run");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var json = await experiment.InvokeAsync(0, ContextWith(experiment, experiment.Descriptor.KeyOf(0), cancelled.Token));

        using var result = JsonDocument.Parse(json!);
        Assert.True(result.RootElement.GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public void DescribesAxesResourcesAndTheRangeExactly()
    {
        using var assembly = InMemoryAssembly.Build(EchoSource("Describe"), "Describe");
        var descriptor = assembly.Experiment("Describe.PhaseTransition.Run").Descriptor;

        var rho = descriptor.Axes[1];
        Assert.Equal(AxisKind.Range, rho.Kind);
        Assert.Equal(49, rho.Count);
        Assert.Equal(0.06, (double)rho.Values[2]);
        Assert.Equal("0.06", rho.ValueTexts[2]);
        Assert.Equal(0.98, (double)rho.Values[48]);
        Assert.All(rho.Values.Zip(rho.ValueTexts), p => Assert.Equal(p.Second, ((double)p.First).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["Omp", "Ista", "Lasso"], descriptor.Axes[3].ValueTexts);
        Assert.Equal(AxisKind.AllValues, descriptor.Axes[3].Kind);
        Assert.Equal(Enumerable.Range(0, 20).Cast<object>(), descriptor.Axes[2].Values);
        Assert.Equal(new ExperimentResources(TimeSpan.FromMinutes(5), 2, 1, "2GiB", 2L * 1024 * 1024 * 1024, 0), descriptor.Resources);
        Assert.Equal("Describe.PhaseTransition", descriptor.TypeName);
        Assert.Equal("Experiment.cs", descriptor.SourceFile);
        Assert.Equal(1000, ExperimentRegistry.DiscoveryLimitOf(assembly.Assembly));
        Assert.Equal(descriptor.KeyOf(1234), PointKey.Build(descriptor.Axes.Select(a => a.Name).ToList(),
            descriptor.Digits(1234).Select((d, a) => descriptor.Axes[a].ValueTexts[d]).ToList()));
    }

    [Fact]
    public async Task DecimalRangesAndGridsAreExact()
    {
        using var assembly = InMemoryAssembly.Build("""
            using Experiments;
            namespace Money;
            public static class Rates
            {
                [Experiment]
                public static decimal Apply([Range(0.1, 0.5, 0.1)] decimal rate, [Grid(0.25, 100)] decimal amount) => rate * amount;
            }
            """, "Money");
        var experiment = assembly.Experiment("Money.Rates.Apply");
        var rate = experiment.Descriptor.Axes[0];

        Assert.Equal(new object[] { 0.1m, 0.2m, 0.3m, 0.4m, 0.5m }, rate.Values);
        Assert.Equal(["0.1", "0.2", "0.3", "0.4", "0.5"], rate.ValueTexts);
        Assert.Equal("rate=0.3;amount=0.25", experiment.Descriptor.KeyOf(4));
        Assert.Equal("0.075", await experiment.InvokeAsync(4, Context(experiment, experiment.Descriptor.KeyOf(4))));
        Assert.Equal("rate=0.3;amount=100", experiment.Descriptor.KeyOf(5));
        Assert.Equal("30.0", await experiment.InvokeAsync(5, Context(experiment, experiment.Descriptor.KeyOf(5)))); // decimal keeps its scale, as System.Text.Json writes it
    }

    [Fact]
    public async Task ExceptionsPropagateUnchanged()
    {
        using var assembly = InMemoryAssembly.Build("""
            using System;
            using System.Threading.Tasks;
            using Experiments;
            namespace Failing;
            public class Faults
            {
                [Experiment]
                public int Sync([Grid(1, 2)] int n) => n == 2 ? throw new InvalidOperationException("sync " + n) : n;

                [Experiment]
                public async Task<int> Async([Grid(1, 2)] int n)
                {
                    await Task.Yield();
                    return n == 2 ? throw new ArgumentException("async " + n) : n;
                }
            }
            """, "Failing");

        var sync = assembly.Experiment("Failing.Faults.Sync");
        Assert.Equal("1", await sync.InvokeAsync(0, Context(sync, "n=1")));
        var syncError = await Assert.ThrowsAsync<InvalidOperationException>(() => sync.InvokeAsync(1, Context(sync, "n=2")).AsTask());
        Assert.Equal("sync 2", syncError.Message);
        Assert.Contains("Faults.Sync", syncError.StackTrace);

        var async = assembly.Experiment("Failing.Faults.Async");
        var asyncError = await Assert.ThrowsAsync<ArgumentException>(() => async.InvokeAsync(1, Context(async, "n=2")).AsTask());
        Assert.Equal("async 2", asyncError.Message);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sync.InvokeAsync(2, Context(sync, "n=3")).AsTask());
    }

    [Fact]
    public async Task ReturnKindsAndResultShapes()
    {
        using var assembly = InMemoryAssembly.Build("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Experiments;
            namespace Shapes;
            public enum Verdict { Pass, Fail }
            public record Point(double X, double Y);
            public record Summary(string? Name, double? Best, Verdict Verdict, List<Point> Path, Dictionary<string, double> Scores, double[] Raw, (int Low, int High) Range);
            public sealed class Lab : IDisposable
            {
                public static int Disposed;
                public void Dispose() => Disposed++;

                [Experiment] public void Nothing([Grid(1)] int n) { }
                [Experiment] public Task Later([Grid(1)] int n) => Task.Delay(1);
                [Experiment] public ValueTask<double> Special([Grid(0, 1, 2)] int n) => new(n switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity });
                [Experiment] public static string? Text([Grid("a\"b", "")] string s) => s.Length == 0 ? null : s;
                [Experiment]
                public Summary Summarize([Grid(true)] bool full) => new(
                    null, full ? 0.5 : null, Verdict.Fail,
                    new() { new(1, 2), new(3.5, -4) },
                    new() { ["a"] = 1, ["b"] = double.NaN },
                    new[] { 0.1, 1e-7 },
                    (1, 9));
            }
            """, "Shapes");

        Assert.Null(await Invoke(assembly, "Shapes.Lab.Nothing", 0));
        Assert.Null(await Invoke(assembly, "Shapes.Lab.Later", 0));
        Assert.Equal("\"NaN\"", await Invoke(assembly, "Shapes.Lab.Special", 0));
        Assert.Equal("\"Infinity\"", await Invoke(assembly, "Shapes.Lab.Special", 1));
        Assert.Equal("\"-Infinity\"", await Invoke(assembly, "Shapes.Lab.Special", 2));
        Assert.Equal("\"a\\u0022b\"", await Invoke(assembly, "Shapes.Lab.Text", 0));
        Assert.Equal("null", await Invoke(assembly, "Shapes.Lab.Text", 1));
        Assert.Equal(
            """{"name":null,"best":0.5,"verdict":"Fail","path":[{"x":1,"y":2},{"x":3.5,"y":-4}],"scores":{"a":1,"b":"NaN"},"raw":[0.1,1E-07],"range":{"low":1,"high":9}}""",
            await Invoke(assembly, "Shapes.Lab.Summarize", 0));

        var disposed = assembly.Assembly.GetType("Shapes.Lab")!.GetField("Disposed")!;
        Assert.Equal(6, (int)disposed.GetValue(null)!); // one instance per point of an instance method: 1 + 1 + 3 + 1
    }

    [Fact]
    public async Task NestedClassesAndEscapedNames()
    {
        using var assembly = InMemoryAssembly.Build("""
            using Experiments;
            namespace Nested;
            public class Outer
            {
                public class Inner
                {
                    [Experiment] public int @event([Grid(2, 3)] int @class) => @class * 10;
                }
            }
            """, "Nested");
        var experiment = assembly.Experiment("Nested.Outer.Inner.event");

        Assert.Equal("Nested.Outer+Inner", experiment.Descriptor.TypeName);
        Assert.Equal("event", experiment.Descriptor.MethodName);
        Assert.Equal("class=3", experiment.Descriptor.KeyOf(1));
        Assert.Equal("30", await experiment.InvokeAsync(1, Context(experiment, "class=3")));
        Assert.Same(experiment, ExperimentRegistry.FindByMethod(assembly.Assembly.GetType("Nested.Outer+Inner")!, "event"));
    }

    private static async Task<string?> Invoke(InMemoryAssembly assembly, string name, long index)
    {
        var experiment = assembly.Experiment(name);
        return await experiment.InvokeAsync(index, Context(experiment, experiment.Descriptor.KeyOf(index)));
    }

    private static ExperimentContext Context(GeneratedExperiment experiment, string key) =>
        ContextWith(experiment, key, TestContext.Current.CancellationToken);

    private static ExperimentContext ContextWith(GeneratedExperiment experiment, string key, CancellationToken cancellationToken) =>
        new(experiment.Descriptor.Name, key, Seeds.Derive(experiment.Descriptor.Name, key), 1,
            Path.Combine(Path.GetTempPath(), "experiments-generator-tests"), TextWriter.Null, cancellationToken);

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
