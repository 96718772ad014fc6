using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
        using var json = JsonDocument.Parse(ManifestJson(output));
        var experiment = json.RootElement.GetProperty("experiments")[0];

        // Listed axes contribute their value texts; range and replicates axes their start and step as written.
        var text = new StringBuilder();
        foreach (var axis in experiment.GetProperty("axes").EnumerateArray())
        {
            text.Append(axis.GetProperty("name").GetString()).Append('\n').Append(axis.GetProperty("type").GetString()).Append('\n');
            if (axis.TryGetProperty("values", out var values))
            {
                text.Append(values.GetArrayLength()).Append('\n');
                foreach (var value in values.EnumerateArray())
                    text.Append(Manifest.ValueText(value)).Append('\n');
            }
            else
            {
                text.Append(axis.GetProperty("count").GetRawText()).Append('\n')
                    .Append("start=").Append(axis.GetProperty("start").GetRawText()).Append('\n')
                    .Append("step=").Append(axis.GetProperty("step").GetRawText()).Append('\n');
            }
        }
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        Assert.Equal(expected, experiment.GetProperty("gridHash").GetString());
    }

    [Fact]
    public void RangeAndReplicateAxesAreWrittenAsStartStepCountAndReadBackValueForValue()
    {
        const string source = """
            using Experiments;
            namespace Ranges;
            public class Sweep
            {
                [Experiment]
                public int Run(
                    [Range(0.02, 0.98, 0.02)] double rho,
                    [Range(1.5, -1.5, -0.25)] decimal m,
                    [Range(-3000000000L, 3000000000L, 1500000000L)] long big,
                    [Grid(1, 2)] int g,
                    [Replicates(7)] int replicate) => 0;
            }
            """;
        var output = GeneratorHarness.Run(source);
        var text = ManifestJson(output);
        Assert.Contains("{ \"name\": \"rho\", \"type\": \"double\", \"kind\": \"range\", \"start\": 0.02, \"step\": 0.02, \"count\": 49 }", text);
        Assert.Contains("{ \"name\": \"m\", \"type\": \"decimal\", \"kind\": \"range\", \"start\": 1.5, \"step\": -0.25, \"count\": 13 }", text);
        Assert.Contains("{ \"name\": \"replicate\", \"type\": \"int\", \"kind\": \"replicates\", \"start\": 0, \"step\": 1, \"count\": 7 }", text);
        Assert.Contains("\"kind\": \"grid\", \"values\": [1, 2]", text);
        var fromManifest = Manifest.ToDescriptor(Assert.Single(Manifest.Parse(text, "generated manifest").Experiments));

        using var assembly = InMemoryAssembly.Build(source, "Ranges");
        var registered = assembly.Experiment("Ranges.Sweep.Run").Descriptor;
        Assert.Equal(registered.GridHash, fromManifest.GridHash);
        Assert.Equal(registered.PointCount, fromManifest.PointCount);
        for (var a = 0; a < registered.Axes.Count; a++)
            Assert.Equal(registered.Axes[a].ValueTexts, fromManifest.Axes[a].ValueTexts);
        Assert.Equal("0.06", registered.Axes[0].ValueTexts[2]);
        Assert.Equal(["1.5", "1.25", "1", "0.75"], registered.Axes[1].ValueTexts.Take(4));
        Assert.Equal(["-3000000000", "-1500000000", "0", "1500000000", "3000000000"], registered.Axes[2].ValueTexts);
        for (var i = 0; i < registered.PointCount; i += 101)
        {
            var key = registered.KeyOf(i);
            Assert.Equal(key, fromManifest.KeyOf(i));
            Assert.Equal(i, fromManifest.TryIndexOf(key));
            Assert.Equal(i, registered.TryIndexOf(key));
        }
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
