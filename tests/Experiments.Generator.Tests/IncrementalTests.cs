using System.Collections;
using System.Reflection;
using Experiments.Generator.Model;
using Experiments.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Generator.Tests;

/// <summary>
/// The pipeline caches: an edit that does not change any experiment leaves the spec step Cached or Unchanged (so no
/// source is emitted again), a real change is Modified, and the model holds no compiler objects that would defeat
/// equality or keep a compilation alive.
/// </summary>
public sealed class IncrementalTests
{
    private const string Source = """
        using Experiments;

        namespace Samples;

        public class Study
        {
            [Experiment(Timeout = "5m")]
            public double Run([Grid(0.1, 0.2)] double alpha, [Replicates(3)] int replicate) => alpha * replicate;

            public int Helper(int x)
            {
                return x + 1;
            }
        }
        """;

    [Fact]
    public void WhitespaceAndCommentInAnUnrelatedMethodLeaveTheSpecCached()
    {
        var edited = Source.Replace("return x + 1;", "// a comment\n        return   x + 1;");
        var (first, second) = RunTwice(Source, edited);

        Assert.NotEmpty(first.GeneratedTrees);
        AssertReasons(second, ExperimentsGenerator.SpecStep, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, ExperimentsGenerator.EmitInputStep, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void AnEditInAnotherFileLeavesTheSpecCached()
    {
        var compilation = GeneratorHarness.Compilation(Source, extraSources: "namespace Samples; public static class Other { public static int Value => 1; }");
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var other = compilation.SyntaxTrees.Last();
        var changed = compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "namespace Samples; public static class Other { public static int Value => 2; }")));
        var second = driver.RunGenerators(changed, TestContext.Current.CancellationToken).GetRunResult();

        AssertReasons(second, ExperimentsGenerator.SpecStep, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void ChangingAGridValueModifiesTheSpec()
    {
        var (_, second) = RunTwice(Source, Source.Replace("Grid(0.1, 0.2)", "Grid(0.1, 0.3)"));

        AssertReasons(second, ExperimentsGenerator.SpecStep, IncrementalStepRunReason.Modified);
        Assert.Contains("0.3D", second.GeneratedTrees.Single(t => t.FilePath.EndsWith("Study.Run.Experiment.g.cs")).ToString());
    }

    [Fact]
    public void ChangingAReplicateCountModifiesTheSpecAndOnlyItsNumbers()
    {
        var (first, second) = RunTwice(Source, Source.Replace("[Replicates(3)]", "[Replicates(1000000)]"));

        AssertReasons(second, ExperimentsGenerator.SpecStep, IncrementalStepRunReason.Modified);
        var before = first.GeneratedTrees.Single(t => t.FilePath.EndsWith("Study.Run.Experiment.g.cs")).ToString();
        var after = second.GeneratedTrees.Single(t => t.FilePath.EndsWith("Study.Run.Experiment.g.cs")).ToString();
        Assert.Contains("new global::Experiments.Registry.AxisProgression(0M, 1M, 1000000)", after);
        Assert.InRange(after.Length - before.Length, 0, 40);
    }

    [Fact]
    public void EqualRangesWrittenDifferentlyGiveEqualSpecs()
    {
        var ranged = Source.Replace("[Grid(0.1, 0.2)] double alpha", "[Range(0.1, 0.2, 0.1)] double alpha");

        Assert.Equal(SpecOf(ranged), SpecOf(ranged.Replace("Range(0.1, 0.2, 0.1)", "Range(0.10, 0.25, 0.100)")));
        Assert.NotEqual(SpecOf(ranged), SpecOf(ranged.Replace("Range(0.1, 0.2, 0.1)", "Range(0.1, 0.3, 0.1)")));
    }

    [Fact]
    public void ChangingATimeoutModifiesTheSpec()
    {
        var (_, second) = RunTwice(Source, Source.Replace("Timeout = \"5m\"", "Timeout = \"6m\""));

        AssertReasons(second, ExperimentsGenerator.SpecStep, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void EquivalentSourcesGiveEqualSpecs()
    {
        var a = SpecOf(Source);
        var b = SpecOf("// leading comment\n" + Source.Replace("return x + 1;", "return x+1;"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, SpecOf(Source.Replace("[Replicates(3)]", "[Replicates(4)]")));
    }

    [Fact]
    public void TheModelHoldsNoCompilerObjects()
    {
        var spec = SpecOf(Samples.PhaseTransition);
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxToken) };

        foreach (var (path, value) in Walk(spec, "spec", new HashSet<object>(ReferenceEqualityComparer.Instance)))
        {
            var type = value.GetType();
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}");
            Assert.True(type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.Namespace == typeof(ExperimentSpec).Namespace,
                $"{path} is a {type.FullName}, which is not part of the equatable model");
        }
    }

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(string before, string after)
    {
        var compilation = GeneratorHarness.Compilation(before);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var first = driver.GetRunResult();
        var tree = compilation.SyntaxTrees.Single();
        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(after, GeneratorHarness.ParseOptions, tree.FilePath));
        var second = driver.RunGenerators(changed, TestContext.Current.CancellationToken).GetRunResult();
        return (first, second);
    }

    private static void AssertReasons(GeneratorDriverRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static ExperimentSpec SpecOf(string source)
    {
        var result = GeneratorHarness.Driver(trackSteps: true)
            .RunGenerators(GeneratorHarness.Compilation(source), TestContext.Current.CancellationToken)
            .GetRunResult();
        return result.Results.Single().TrackedSteps[ExperimentsGenerator.SpecStep]
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .OfType<ExperimentSpec>()
            .Single();
    }

    /// <summary>Every value reachable from the model through its properties and collections.</summary>
    private static IEnumerable<(string Path, object Value)> Walk(object value, string path, HashSet<object> seen)
    {
        yield return (path, value);
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string || !seen.Add(value))
            yield break;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                if (item is not null)
                {
                    foreach (var inner in Walk(item, $"{path}[{i}]", seen))
                        yield return inner;
                }
                i++;
            }
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.Name == "EqualityContract")
                continue;
            if (property.GetValue(value) is { } child)
            {
                foreach (var inner in Walk(child, path + "." + property.Name, seen))
                    yield return inner;
            }
        }
    }
}
