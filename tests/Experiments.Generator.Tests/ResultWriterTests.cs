using Experiments.Generator.Tests.Infrastructure;
using Experiments.Points;

namespace Experiments.Generator.Tests;

/// <summary>The generated JSON writers on the result types users return: shared, recursive, inherited, fallback.</summary>
public sealed class ResultWriterTests
{
    // Each test that loads the sample uses its own namespace: the registry is process-wide.
    private static string Source(string ns) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Experiments;
        namespace {{ns}};

        public record Tree(string Label, List<Tree> Children);

        public class Base { public int Id { get; init; } public virtual string Kind => "base"; }
        public sealed class Derived : Base
        {
            public override string Kind => "derived";
            public double Score { get; init; }
            [JsonIgnore] public string Hidden => "no";
            public object? Extra { get; init; }
            public IReadOnlyDictionary<Guid, bool>? Flags { get; init; }
            internal int NotPublic => 1;
        }

        public class Lab
        {
            [Experiment] public Tree Grow([Grid(0, 2)] int depth) => Build(depth);
            [Experiment] public Tree Again([Grid(1)] int n) => new("again", new());
            [Experiment] public Derived Inherit([Grid(1)] int n) => new()
            {
                Id = 7, Score = 0.25, Extra = new { Alpha = 1, Mode = StringComparison.Ordinal },
                Flags = new Dictionary<Guid, bool> { [Guid.Empty] = true },
            };

            private static Tree Build(int depth) => new("d" + depth, depth == 0 ? new() : new() { Build(depth - 1), Build(depth - 1) });
        }
        """;

    [Fact]
    public void ExperimentsReturningOneTypeShareItsWriter()
    {
        var output = GeneratorHarness.Run(Source("Writers"));
        var writers = output.Source("Experiments.ResultWriters.g.cs");

        Assert.Single(output.Diagnostics, d => d.Id == "EXP060");
        Assert.Empty(output.CompilationProblems);
        Assert.Equal(1, Count(writers, "internal static void WriteTree("));
        Assert.Equal(1, Count(writers, "internal static void WriteListOfTree("));
    }

    [Fact]
    public async Task RecursiveTypesAreWritten()
    {
        using var assembly = InMemoryAssembly.Build(Source("Recursive"), "Recursive");
        Assert.Equal("""{"label":"d0","children":[]}""", await Invoke(assembly, "Recursive.Lab.Grow", 0));
        Assert.Equal(
            """{"label":"d2","children":[{"label":"d1","children":[{"label":"d0","children":[]},{"label":"d0","children":[]}]},{"label":"d1","children":[{"label":"d0","children":[]},{"label":"d0","children":[]}]}]}""",
            await Invoke(assembly, "Recursive.Lab.Grow", 1));
    }

    [Fact]
    public async Task InheritedPropertiesComeFirstAndTheFallbackWritesTheRest()
    {
        using var assembly = InMemoryAssembly.Build(Source("Inherited"), "Inherited");
        Assert.Equal(
            """{"id":7,"kind":"derived","score":0.25,"extra":{"alpha":1,"mode":"Ordinal"},"flags":{"00000000-0000-0000-0000-000000000000":true}}""",
            await Invoke(assembly, "Inherited.Lab.Inherit", 0));
    }

    private static async Task<string?> Invoke(InMemoryAssembly assembly, string name, long index)
    {
        var experiment = assembly.Experiment(name);
        var key = experiment.Descriptor.KeyOf(index);
        return await experiment.InvokeAsync(index, new ExperimentContext(name, key, Seeds.Derive(name, key), 1,
            Path.GetTempPath(), TextWriter.Null, TestContext.Current.CancellationToken));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
