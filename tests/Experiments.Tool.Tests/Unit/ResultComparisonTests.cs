using System.Text.Json;
using Experiments.Tool.Errors;
using Experiments.Tool.Reading;
using Experiments.Tool.Reproduce;

namespace Experiments.Tool.Tests.Unit;

/// <summary>What diff and reproduce count as the same value, how results flatten to fields, and how --sample spreads.</summary>
public sealed class ResultComparisonTests
{
    [Theory]
    [InlineData("1.5", "1.5", true)]
    [InlineData("0.1", "0.10000000000000002", false)] // one ulp apart: not bit for bit
    [InlineData("0.0", "-0.0", false)] // equal as numbers, different bits
    [InlineData("1", "1.0", true)] // the same double, written two ways
    [InlineData("9007199254740993", "9007199254740992", false)] // longs past 2^53 are compared as longs
    [InlineData("\"a\"", "\"a\"", true)]
    [InlineData("true", "false", false)]
    [InlineData("1", "\"1\"", false)]
    public void Exact_comparison_is_bit_for_bit(string a, string b, bool same) =>
        Assert.Equal(same, NumberTolerance.Exact.Same(Json(a), Json(b)));

    [Fact]
    public void A_tolerance_is_an_absolute_difference()
    {
        var tolerance = NumberTolerance.Parse("1e-9");
        Assert.True(tolerance.Same(Json("1.0"), Json("1.0000000005")));
        Assert.False(tolerance.Same(Json("1.0"), Json("1.000000002")));
        Assert.False(tolerance.Same(Json("1000000000000.5"), Json("1000000000001.5"))); // absolute: a relative 1e-12 is not within it
        Assert.False(NumberTolerance.Parse("0.5").Same(Json("\"x\""), Json("\"y\"")));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public void A_tolerance_that_is_not_a_number_of_0_or_more_is_refused(string text)
    {
        var e = Assert.Throws<UserException>(() => NumberTolerance.Parse(text));
        Assert.Contains($"--tolerance must be a number of 0 or more (an absolute difference, e.g. 1e-9), not '{text}'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_results_flatten_to_dotted_paths_and_indexed_items()
    {
        var result = Json("""{"rate":0.5,"error":{"relative":1e-3,"kind":"l2"},"values":[1,2],"none":null}""");

        var fields = FlatFields.Flatten(result).Select(f => $"{f.Path}={FlatFields.Text(f.Value)}");

        Assert.Equal(["result.rate=0.5", "result.error.relative=1e-3", "result.error.kind=l2", "result.values[0]=1", "result.values[1]=2", "result.none=null"], fields);
        Assert.Equal(["result=42"], FlatFields.Flatten(Json("42")).Select(f => $"{f.Path}={FlatFields.Text(f.Value)}"));
        Assert.Empty(FlatFields.Flatten(null));
    }

    [Fact]
    public void A_sample_is_spread_evenly_over_the_points_and_the_same_every_time()
    {
        var points = Enumerable.Range(0, 100).ToArray();

        Assert.Equal([0, 25, 50, 75], PointSample.Spread(points, 4));
        Assert.Equal([0, 33, 66], PointSample.Spread(points, 3));
        Assert.Equal(points, PointSample.Spread(points, 1000));
        Assert.Equal(points, PointSample.Spread(points, null));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
