using System.Globalization;
using Experiments.Generator.Parsing;
using Experiments.Points;
using Experiments.Registry;

namespace Experiments.Generator.Tests.Parsing;

/// <summary>
/// Range values computed from their index (<see cref="AxisProgression"/>, what generated code, manifests and results
/// files use) against the values the generator used to list: the same text, the same typed value and the same index
/// for every value of every range, so no key changes.
/// </summary>
public sealed class ProgressionEquivalenceTests
{
    [Theory]
    [InlineData("0.02", "0.98", "0.02")]
    [InlineData("0", "1", "0.01")]
    [InlineData("0", "1", "0.1")]
    [InlineData("0", "1", "0.3")]
    [InlineData("10", "0", "-2.5")]
    [InlineData("1", "-1", "-0.01")]
    [InlineData("-5", "5", "0.001")]
    [InlineData("0", "1", "0.3333333333333333")]
    [InlineData("1E-05", "0.001", "1E-05")]
    [InlineData("123456789.125", "123456800", "0.125")]
    [InlineData("1E+21", "1.0001E+21", "1E+16")]
    [InlineData("0.1", "1000", "0.7")]
    [InlineData("-0.0001", "0.0001", "0.00001")]
    [InlineData("0", "999999", "1")]
    [InlineData("0", "0.999999", "0.000001")]
    [InlineData("2.5", "2.5", "1")]
    public void EveryValueOfADecimalOrDoubleRangeKeepsItsText(string start, string stop, string step)
    {
        foreach (var type in new[] { "double", "decimal" })
            AssertSameAsListed(type, Parse(start), Parse(stop), Parse(step));
    }

    [Theory]
    [InlineData(0L, 999_999L, 1L)]
    [InlineData(-7L, 7L, 3L)]
    [InlineData(100L, -100L, -7L)]
    [InlineData(-2_147_483_648L, 2_147_483_647L, 4_295L)]
    public void EveryValueOfAnIntegerRangeKeepsItsText(long start, long stop, long step)
    {
        AssertSameAsListed("int", start, stop, step);
        AssertSameAsListed("long", start * 1_000_000L, stop * 1_000_000L, step * 1_000_000L);
    }

    [Fact]
    public void ReplicatesAreTheirIndex()
    {
        var replicates = new AxisProgression(0m, 1m, 1_000_000);
        for (var k = 0; k < replicates.Count; k += 997)
        {
            Assert.Equal(k, replicates.Int32At(k));
            Assert.Equal(k.ToString(CultureInfo.InvariantCulture), replicates.TextAt("int", k));
        }
        Assert.Equal(999_999, replicates.Int32At(999_999));
    }

    [Fact]
    public void ManyRandomRangesKeepEveryText()
    {
        var random = new Random(20261203);
        for (var i = 0; i < 400; i++)
        {
            // Starts and steps of up to 7 significant digits at scales from 10⁻⁸ to 10⁶, either sign, either direction.
            var startScale = random.Next(0, 9);
            var stepScale = random.Next(0, 9);
            var start = random.Next(-9_999_999, 10_000_000) / Pow10(startScale) * (random.Next(2) == 0 ? 1 : 1_000_000m / Pow10(6 - random.Next(7)));
            var step = random.Next(1, 10_000_000) / Pow10(stepScale) * (random.Next(2) == 0 ? 1 : -1);
            var count = random.Next(1, i % 40 == 0 ? 200_000 : 2_000);
            var stop = start + (count - 1) * step;
            AssertSameAsListed("double", start, stop, step);
            AssertSameAsListed("decimal", start, stop, step);
        }
    }

    [Fact]
    public void TextsThatAreNotValuesAreNotFound()
    {
        var rho = new AxisProgression(0.02m, 0.02m, 49);
        Assert.Equal(2, rho.IndexOfText("double", "0.06"));
        Assert.Equal(-1, rho.IndexOfText("double", "0.060000000000000005"));
        Assert.Equal(-1, rho.IndexOfText("double", "0.07"));
        Assert.Equal(-1, rho.IndexOfText("double", "1"));
        Assert.Equal(-1, rho.IndexOfText("double", "0"));
        Assert.Equal(-1, rho.IndexOfText("double", "abc"));
        Assert.Equal(-1, rho.IndexOfText("double", "1E+300"));
        Assert.Throws<ArgumentOutOfRangeException>(() => rho.TextAt("double", 49));
    }

    /// <summary>The old enumeration (RangeExpansion, then the parameter type's text) against the progression, value by value.</summary>
    private static void AssertSameAsListed(string type, decimal start, decimal stop, decimal step)
    {
        Assert.Equal(RangeProblem.None, RangeExpansion.TryExpand(start, stop, step, 1_000_000, out var values, out var count));
        var progression = new AxisProgression(PointKeyText.Normalize(start), PointKeyText.Normalize(step), (int)count);
        var seen = new HashSet<string>();
        for (var k = 0; k < values.Count; k++)
        {
            var listed = ListedText(type, values[k]);
            var computed = progression.TextAt(type, k);
            if (listed != computed)
                Assert.Fail($"{type} range {start}..{stop} step {step}: value {k} was {listed}, is now {computed}");
            switch (type)
            {
                case "double":
                    var literal = double.Parse(listed, CultureInfo.InvariantCulture);
                    if (BitConverter.DoubleToInt64Bits(literal) != BitConverter.DoubleToInt64Bits(progression.DoubleAt(k)))
                        Assert.Fail($"double range {start}..{stop} step {step}: value {k} was {listed:R}, is now {progression.DoubleAt(k):R}");
                    break;
                case "decimal":
                    Assert.Equal(listed, progression.DecimalAt(k).ToString(CultureInfo.InvariantCulture));
                    break;
                case "int":
                    Assert.Equal(listed, progression.Int32At(k).ToString(CultureInfo.InvariantCulture));
                    break;
                case "long":
                    Assert.Equal(listed, progression.Int64At(k).ToString(CultureInfo.InvariantCulture));
                    break;
            }
            // Ranges whose step is below a double's resolution are refused by the generator; only distinct texts index.
            if (seen.Add(listed) && (k % 7 == 0 || values.Count < 5_000))
                Assert.Equal(k, progression.IndexOfText(type, listed));
        }
    }

    /// <summary>The text the generator gave value k before ranges were computed from their index.</summary>
    private static string ListedText(string type, decimal value) => type switch
    {
        "int" => PointKeyText.FormatNumber((int)value),
        "long" => PointKeyText.FormatNumber((long)value),
        "decimal" => PointKeyText.FormatNumber(value),
        _ => PointKeyText.FormatNumber(double.Parse(PointKeyText.FormatNumber(value), NumberStyles.Float, CultureInfo.InvariantCulture)),
    };

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
            result *= 10;
        return result;
    }
}
