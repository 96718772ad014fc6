using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Reporting;

namespace Experiments.Tool.Tests.Reporting;

/// <summary>A range or replicates axis read as start, step and count is the same report axis as its values listed.</summary>
public sealed class ReportAxisTests
{
    [Theory]
    [InlineData("double", "range", 0.02, 0.02, 49)]
    [InlineData("decimal", "range", 1.5, -0.25, 13)]
    [InlineData("int", "replicates", 0, 1, 20)]
    [InlineData("long", "range", -3000000000.0, 1500000000.0, 5)]
    public void An_arithmetic_axis_has_the_labels_numbers_and_lookups_of_its_listed_values(string type, string kind, double start, double step, int count)
    {
        var form = new ResultsFileAxes.Arithmetic((decimal)start, (decimal)step, count);
        var arithmetic = new ManifestAxis("x", type, kind, ResultsFileAxes.Values(type, form));
        var listed = new ManifestAxis("x", type, kind,
            Enumerable.Range(0, count).Select(k => JsonDocument.Parse(ResultsFileAxes.TextAt(type, form, k)).RootElement.Clone()).ToArray());
        Assert.Null(ResultsFileAxes.TryArithmetic(listed with { Kind = "grid" }));

        var computed = new ReportAxis(arithmetic, 0);
        var enumerated = new ReportAxis(listed with { Kind = kind == "range" ? "grid" : kind }, 0);

        Assert.Equal(enumerated.Labels, computed.Labels);
        Assert.Equal(enumerated.Numbers, computed.Numbers);
        Assert.Equal(kind == "range", computed.IsNumeric);
        Assert.Equal(enumerated.IsReplicate, computed.IsReplicate);
        Assert.False(computed.IsCategorical);
        for (var k = 0; k < count; k++)
            Assert.Equal(k, computed.IndexOfText(ResultsFileAxes.TextAt(type, form, k)));
        Assert.Equal(-1, computed.IndexOfText("123456.789"));
    }
}
