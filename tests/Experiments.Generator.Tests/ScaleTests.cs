using System.Text.Json;
using Experiments.Generator.Tests.Infrastructure;

namespace Experiments.Generator.Tests;

/// <summary>Generated code grows with the axes and their values, never with the number of points.</summary>
public sealed class ScaleTests
{
    [Fact]
    public void AMillionPointGridCompilesAndStaysSmall()
    {
        var small = Generate(10);
        var large = Generate(100);

        Assert.Empty(large.Output.Diagnostics);
        Assert.Empty(large.Output.CompilationProblems);
        using (var manifest = JsonDocument.Parse(ManifestTests.ManifestJson(large.Output)))
            Assert.Equal(1_000_000, manifest.RootElement.GetProperty("experiments")[0].GetProperty("points").GetInt64());

        // Every value appears three times (typed literal, key text, manifest) plus separators and a literal suffix.
        var extraLiterals = 3 * (ValueTextLength(100) - ValueTextLength(10)) + 3 * 3 * 90 * ", ".Length + 2 * 3 * 90;
        TestContext.Current.TestOutputHelper?.WriteLine($"10×10×10: {small.Length} chars; 100×100×100: {large.Length} chars; budget {1.5 * small.Length + extraLiterals}");
        Assert.True(large.Length <= 1.5 * small.Length + extraLiterals,
            $"100×100×100 generated {large.Length} characters; 10×10×10 generated {small.Length}; allowed {1.5 * small.Length + extraLiterals}");
    }

    [Fact]
    public void AMillionValueRangeGeneratesWhatATenValueRangeDoes()
    {
        var small = GenerateRanges("[Range(0, 9, 1)] int i, [Range(0.01, 0.1, 0.01)] double x, [Replicates(10)] int replicate");
        var large = GenerateRanges("[Range(0, 999999, 1)] int i, [Range(0.000001, 1, 0.000001)] double x, [Replicates(1000000)] int replicate");

        Assert.Empty(large.Output.Diagnostics);
        Assert.Empty(large.Output.CompilationProblems);
        TestContext.Current.TestOutputHelper?.WriteLine($"10-value ranges: {small.Length} chars; 10⁶-value ranges: {large.Length} chars");
        // Only the numbers themselves differ (bounds, counts, the point count in the bounds check and its message).
        Assert.InRange(large.Length - small.Length, 0, 200);
    }

    private static (GeneratorOutput Output, int Length) GenerateRanges(string parameters)
    {
        var output = GeneratorHarness.Run($$"""
            using Experiments;
            namespace Samples;
            public class Big
            {
                [Experiment]
                public double Run({{parameters}}) => i * x + replicate;
            }
            """);
        return (output, output.Sources.Values.Sum(s => s.Length));
    }

    private static (GeneratorOutput Output, int Length) Generate(int valuesPerAxis)
    {
        var grid = string.Join(", ", Enumerable.Range(0, valuesPerAxis).Select(i => $"\"s{i}\""));
        var output = GeneratorHarness.Run($$"""
            using Experiments;
            namespace Samples;
            public class Big
            {
                [Experiment]
                public double Run([Range(1, {{valuesPerAxis}}, 1)] int a, [Range(0.01, {{valuesPerAxis / 100.0}}, 0.01)] double b, [Grid({{grid}})] string c)
                    => a * b + c.Length;
            }
            """);
        return (output, output.Sources.Values.Sum(s => s.Length));
    }

    /// <summary>Total characters of the value texts of the three axes of an n×n×n grid.</summary>
    private static int ValueTextLength(int n) =>
        Enumerable.Range(1, n).Sum(i => i.ToString().Length)
        + Enumerable.Range(1, n).Sum(i => (i / 100.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture).Length)
        + Enumerable.Range(0, n).Sum(i => $"\"s{i}\"".Length);
}
