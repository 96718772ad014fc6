using Experiments.Generator.Tests.Infrastructure;

namespace Experiments.Generator.Tests;

/// <summary>The generated sources of representative experiments, approved in Snapshots/. Each also compiles cleanly.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void PhaseTransition() => VerifyGenerated(Samples.PhaseTransition, nameof(PhaseTransition));

    [Fact]
    public void StaticMethodReturningTaskOfT() => VerifyGenerated("""
        using System.Threading.Tasks;
        using Experiments;

        namespace Samples;

        public static class Sampling
        {
            [Experiment(Name = "Sampling.Mean", Timeout = "90s")]
            public static async Task<double> MeanAsync([Grid(10, 100, 1000)] int n, [Replicates(3)] int replicate, System.Threading.CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return n / (replicate + 1.0);
            }
        }
        """, nameof(StaticMethodReturningTaskOfT));

    [Fact]
    public void VoidMethod() => VerifyGenerated("""
        using Experiments;

        namespace Samples;

        public class Smoke
        {
            [Experiment(Explicit = false)]
            public void Check([Grid(true)] bool fast, ExperimentContext context) => context.Log.WriteLine(fast);
        }
        """, nameof(VoidMethod));

    [Fact]
    public void ValueTaskMethods() => VerifyGenerated("""
        using System.Threading.Tasks;
        using Experiments;

        namespace Samples;

        public sealed class Pipelines : System.IDisposable
        {
            [Experiment]
            public ValueTask Warm([Range(1, 3, 1)] int stage) => ValueTask.CompletedTask;

            [Experiment]
            public ValueTask<int> Count([Range(10L, 30L, 10L)] long size) => new ValueTask<int>((int)size);

            public void Dispose() { }
        }
        """, nameof(ValueTaskMethods));

    [Fact]
    public void AxisTypes() => VerifyGenerated("""
        using Experiments;

        namespace Samples;

        public enum Kernel { Gaussian = 1, Laplace = 2, Alias = 1, Cauchy = 4 }

        public class Axes
        {
            [Experiment(Memory = "512MiB", Gpus = 1)]
            public string Run(
                [Grid("plain", "", " padded ", "a;b", "quote\"d", "back\\slash", "ünï")] string label,
                [Grid('x', ';', '\'')] char mark,
                bool flag,
                Kernel kernel,
                [Grid(Kernel.Cauchy, Kernel.Gaussian)] Kernel picked,
                [Range(0.1, 0.5, 0.1)] decimal rate,
                [Grid(0.25, 1, 1e-5)] decimal exact,
                [Range(9007199254740990L, 9007199254740994L, 2L)] long big,
                [Grid(1, 255)] byte small,
                [Grid(-1.5f, 2.5f)] float single,
                [Grid(1, -2)] double widened)
                => label + mark + flag + kernel + picked + rate + exact + big + small + single + widened;
        }
        """, nameof(AxisTypes));

    [Fact]
    public void RecordResultWithNestedCollections() => VerifyGenerated("""
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Experiments;

        namespace Samples;

        public enum Verdict { Pass, Fail }

        public record Point(double X, double Y);

        public record Summary(
            string Name,
            double? Best,
            Verdict Verdict,
            IReadOnlyList<Point> Path,
            Dictionary<string, double> Scores,
            Dictionary<int, List<string?>> Labels,
            double[] Raw,
            (double Low, double High) Interval,
            TimeSpan Elapsed)
        {
            [JsonPropertyName("URL")] public string Link => "https://example.org/" + Name;
            [JsonIgnore] public string Secret => "hidden";
            public int this[int i] => i;
        }

        public class Study
        {
            [Experiment]
            public Summary Evaluate([Grid(1, 2)] int depth) => throw new NotImplementedException();
        }
        """, nameof(RecordResultWithNestedCollections));

    [Fact]
    public void Manifest()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Compilation(Samples.PhaseTransition, "PhaseTransition.cs", assemblyName: "PhaseTransition",
            extraSources: """
                using Experiments;
                namespace Samples.Other;
                public static class Baseline
                {
                    [Experiment(Name = "Baseline.Constant", Timeout = "1.12:00:00", Memory = "100MB", Retries = 1, Cpus = 4)]
                    public static int Constant() => 42;
                }
                """));
        Assert.Empty(output.Diagnostics);
        Snapshot.Verify(output.Source("Experiments.Manifest.g.cs"), nameof(Manifest), "Experiments.Manifest.g.cs");
    }

    [Fact]
    public void EntryPoint()
    {
        var compilation = GeneratorHarness.Compilation(Samples.PhaseTransition, outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            extraSources: [WorkerHostStub.Source, WorkerHostStub.SelfRegisteredExtensions]);
        var output = GeneratorHarness.Run(compilation, new Dictionary<string, string>
        {
            ["ProjectDir"] = GeneratorHarness.ProjectDir,
            ["ExperimentsGenerateEntryPoint"] = "true",
            ["RootNamespace"] = "Samples",
        });
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationProblems);
        Snapshot.Verify(output.Source("Experiments.EntryPoint.g.cs"), nameof(EntryPoint), "Experiments.EntryPoint.g.cs");
    }

    private static void VerifyGenerated(string source, string test)
    {
        var output = GeneratorHarness.Run(source);
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationProblems);
        Snapshot.VerifyAll(output, test);
    }
}
