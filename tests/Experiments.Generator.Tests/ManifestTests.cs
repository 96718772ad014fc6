using System.Security.Cryptography;
using System.Text;
using Experiments.Generator.Tests.Infrastructure;
using Experiments.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Generator.Tests;

/// <summary>
/// The manifest read back by the runtime's own reader (the contract the tool plans from), checked against the
/// registry the same build registers, the grid hash recomputed from docs/internals.md, and determinism.
/// </summary>
public sealed class ManifestTests
{
    private const string TrickyValues = """
        using Experiments;
        namespace Tricky;
        public enum Mode { Fast, Slow }
        public class Values
        {
            [Experiment(Timeout = "90s", Memory = "1024KiB")]
            public int Run(
                [Grid(1e-5, 1e21, -0.5, 0.1)] double d,
                [Grid(0.00001, 100)] decimal m,
                [Grid(9007199254740993L, -1L)] long big,
                [Grid("a\"b", "", "x;y=z")] string s,
                [Grid('c', '\\')] char c,
                Mode mode,
                bool flag) => 0;
        }
        """;

    [Fact]
    public void TheRuntimeReadsTheManifestAndItAgreesWithTheRegistry()
    {
        var output = GeneratorHarness.Run(TrickyValues);
        var manifest = Manifest.Parse(ManifestJson(output), "generated manifest");
        Assert.Equal(ManifestModel.CurrentSchema, manifest.Schema);
        Assert.Equal("Samples", manifest.Assembly);
        var fromManifest = Manifest.ToDescriptor(Assert.Single(manifest.Experiments));

        using var assembly = InMemoryAssembly.Build(TrickyValues, "Tricky");
        var registered = assembly.Experiment("Tricky.Values.Run").Descriptor;

        Assert.Equal(registered.Name, fromManifest.Name);
        Assert.Equal(registered.TypeName, fromManifest.TypeName);
        Assert.Equal(registered.PointCount, fromManifest.PointCount);
        Assert.Equal(registered.GridHash, fromManifest.GridHash);
        Assert.Equal(registered.Resources, fromManifest.Resources);
        Assert.Equal(registered.Axes.Select(a => (a.Name, a.TypeName, a.Kind)), fromManifest.Axes.Select(a => (a.Name, a.TypeName, a.Kind)));
        for (var a = 0; a < registered.Axes.Count; a++)
            Assert.Equal(registered.Axes[a].ValueTexts, fromManifest.Axes[a].ValueTexts);
        Assert.Equal(["1E-05", "1E+21", "-0.5", "0.1"], registered.Axes[0].ValueTexts);
        Assert.Equal(["0.00001", "100"], registered.Axes[1].ValueTexts);
        Assert.Equal(["9007199254740993", "-1"], registered.Axes[2].ValueTexts);
        for (var i = 0; i < registered.PointCount; i += 97)
            Assert.Equal(registered.KeyOf(i), fromManifest.KeyOf(i));
    }

    [Fact]
    public void GridHashFollowsTheDocumentedAlgorithm()
    {
        var output = GeneratorHarness.Run(Samples.PhaseTransition);
        var experiment = Assert.Single(Manifest.Parse(ManifestJson(output), "manifest").Experiments);

        var text = new StringBuilder();
        foreach (var axis in experiment.Axes)
        {
            text.Append(axis.Name).Append('\n').Append(axis.Type).Append('\n').Append(axis.Values.Count).Append('\n');
            foreach (var value in axis.Values)
                text.Append(Manifest.ValueText(value)).Append('\n');
        }
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        Assert.Equal(expected, experiment.GridHash);
    }

    [Fact]
    public void IsDeterministicAndFreeOfAbsolutePaths()
    {
        var first = ManifestJson(GeneratorHarness.Run(Samples.PhaseTransition));
        var elsewhere = CSharpCompilation.Create("Samples",
            [GeneratorHarness.Parse(Samples.PhaseTransition, "/home/someone/work/Samples/Experiment.cs")],
            GeneratorHarness.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var second = ManifestJson(GeneratorHarness.Run(elsewhere, new Dictionary<string, string> { ["MSBuildProjectDirectory"] = "/home/someone/work/Samples" }));

        Assert.Equal(first, second);
        Assert.DoesNotContain("/src/", first);
        Assert.DoesNotContain("/home/", second);
    }

    [Fact]
    public void ExperimentsAreOrderedByName()
    {
        var output = GeneratorHarness.Run("""
            using Experiments;
            public class Zoo
            {
                [Experiment(Name = "b.second")] public int B() => 2;
                [Experiment(Name = "a.first")] public int A() => 1;
                [Experiment(Name = "C.upper")] public int C() => 3;
            }
            """);
        var names = Manifest.Parse(ManifestJson(output), "manifest").Experiments.Select(e => e.Name);
        Assert.Equal(["C.upper", "a.first", "b.second"], names);
    }

    [Fact]
    public void NoExperimentsNoManifest()
    {
        var output = GeneratorHarness.Run("public class Plain { public int Run() => 1; }");
        Assert.Empty(output.Sources);
    }

    internal static string ManifestJson(GeneratorOutput output)
    {
        var source = output.Source("Experiments.Manifest.g.cs");
        var start = source.IndexOf("@\"", StringComparison.Ordinal) + 2;
        var end = source.LastIndexOf("\";", StringComparison.Ordinal);
        return source[start..end].Replace("\"\"", "\"");
    }
}
