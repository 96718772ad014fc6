using System.Globalization;
using Experiments.Points;

namespace Experiments.Tests.Points;

public sealed class PointKeyTextTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0, "1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1e21, "1E+21")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Doubles_get_their_shortest_round_trip_text(double value, string expected) =>
        Assert.Equal(expected, PointKeyText.Format(value));

    [Fact]
    public void Negative_zero_keeps_its_sign_so_it_round_trips()
    {
        var text = PointKeyText.Format(-0.0);

        Assert.Equal("-0", text);
        Assert.True(double.IsNegative(double.Parse(text, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Every_double_parses_back_to_itself()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 10_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
                continue;
            var text = PointKeyText.Format(value);
            Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f / 3f, "0.33333334")]
    public void Floats_get_their_own_shortest_text_not_the_double_widening(float value, string expected) =>
        Assert.Equal(expected, PointKeyText.Format(value));

    public static TheoryData<decimal, string> Decimals => new()
    {
        { 0.10m, "0.1" },
        { 0.1m, "0.1" },
        { 1.500m, "1.5" },
        { 100m, "100" },
        { 100.00m, "100" },
        { -0.020m, "-0.02" },
        { 0m, "0" },
        { 0.000m, "0" },
        { 79228162514264337593543950335m, "79228162514264337593543950335" },
    };

    [Theory]
    [MemberData(nameof(Decimals))]
    public void Decimals_lose_trailing_zeros_so_equal_values_have_one_text(decimal value, string expected) =>
        Assert.Equal(expected, PointKeyText.Format(value));

    [Fact]
    public void Integers_bools_enums_chars_and_strings_have_plain_text()
    {
        Assert.Equal("-3", PointKeyText.Format(-3));
        Assert.Equal("9223372036854775807", PointKeyText.Format(long.MaxValue));
        Assert.Equal("255", PointKeyText.Format((byte)255));
        Assert.Equal("true", PointKeyText.Format(true));
        Assert.Equal("false", PointKeyText.Format(false));
        Assert.Equal("Friday", PointKeyText.Format(DayOfWeek.Friday));
        Assert.Equal("q", PointKeyText.Format('q'));
        Assert.Equal("a;b", PointKeyText.Format("a;b"));
    }

    [Fact]
    public void Text_does_not_depend_on_the_current_culture()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            // de-DE writes 0,5 and groups thousands with '.'; fr-FR groups with a narrow no-break space.
            foreach (var name in new[] { "de-DE", "fr-FR", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
                Assert.Equal("0.5", PointKeyText.Format(0.5));
                Assert.Equal("1234567.25", PointKeyText.Format(1234567.25));
                Assert.Equal("0.25", PointKeyText.Format(0.25f));
                Assert.Equal("2.5", PointKeyText.Format(2.50m));
                Assert.Equal("-1000000", PointKeyText.Format(-1_000_000));
                Assert.Equal("1E-07", PointKeyText.Format(1e-7));
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void Non_numbers_are_rejected_with_their_type()
    {
        var error = Assert.Throws<ArgumentException>(() => PointKeyText.Format(new object()));

        Assert.Contains("System.Object", error.Message);
    }
}
