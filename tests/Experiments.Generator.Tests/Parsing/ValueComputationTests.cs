using Experiments.Generator.Model;
using Experiments.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Tests.Parsing;

/// <summary>Range expansion in decimal and the implicit conversions of grid values.</summary>
public sealed class ValueComputationTests
{
    [Fact]
    public void RangeIsInclusiveAndFreeOfDrift()
    {
        Assert.Equal(RangeProblem.None, RangeExpansion.TryExpand(0.02m, 0.98m, 0.02m, 1000, out var values, out var count));
        Assert.Equal(49, count);
        Assert.Equal(0.06m, values[2]);
        Assert.Equal(0.98m, values[^1]);
    }

    [Theory]
    [InlineData("0", "1", "0.3", "0,0.3,0.6,0.9")]
    [InlineData("10", "0", "-2.5", "10,7.5,5,2.5,0")]
    [InlineData("1", "1", "1", "1")]
    [InlineData("0", "1", "0.3333333333333333", "0,0.3333333333333333,0.6666666666666666,0.9999999999999999")]
    public void RangeValues(string start, string stop, string step, string expected)
    {
        Assert.Equal(RangeProblem.None, RangeExpansion.TryExpand(decimal.Parse(start), decimal.Parse(stop), decimal.Parse(step), 1000, out var values, out _));
        Assert.Equal(expected.Split(',').Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), values);
    }

    [Theory]
    [InlineData("0", "1", "0", "StepZero")]
    [InlineData("0", "1", "-0.1", "WrongDirection")]
    [InlineData("0", "1000", "0.001", "TooManyValues")]
    public void RangeProblems(string start, string stop, string step, string problem) =>
        Assert.Equal(Enum.Parse<RangeProblem>(problem), RangeExpansion.TryExpand(decimal.Parse(start), decimal.Parse(stop), decimal.Parse(step), 1000, out _, out _));

    [Theory]
    [InlineData(1, SpecialType.System_Int32, "Int64", 1L)]
    [InlineData(1, SpecialType.System_Int32, "Double", 1.0)]
    [InlineData(7, SpecialType.System_Int32, "UInt64", 7UL)]
    [InlineData('a', SpecialType.System_Char, "Int32", 97)]
    [InlineData(0.5f, SpecialType.System_Single, "Double", 0.5)]
    public void WideningConversions(object value, SpecialType source, string target, object expected)
    {
        Assert.True(ConstantConversion.TryConvert(value, source, Enum.Parse<ScalarKind>(target), out var converted, out var reason), reason);
        Assert.Equal(expected, converted);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(123456789.125, "123456789.125")]
    public void DoublesBecomeTheDecimalTheirTextSpells(double value, string expected)
    {
        Assert.True(ConstantConversion.TryConvert(value, SpecialType.System_Double, ScalarKind.Decimal, out var converted, out var reason), reason);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), converted);
    }

    [Theory]
    [InlineData(-1, SpecialType.System_Int32, "UInt32")]
    [InlineData(1L, SpecialType.System_Int64, "Int32")]
    [InlineData(9007199254740993L, SpecialType.System_Int64, "Double")]
    [InlineData(true, SpecialType.System_Boolean, "Int32")]
    [InlineData("1", SpecialType.System_String, "Int32")]
    public void NarrowingOrInexactConversionsFail(object value, SpecialType source, string target) =>
        Assert.False(ConstantConversion.TryConvert(value, source, Enum.Parse<ScalarKind>(target), out _, out _));
}
