using Experiments.Points;

namespace Experiments.Tests.Points;

public sealed class PointKeyTests
{
    [Fact]
    public void Builds_name_value_pairs_in_axis_order()
    {
        var key = PointKey.Build(["delta", "rho", "replicate", "solver"], ["0.5", "0.02", "3", "Lasso"]);

        Assert.Equal("delta=0.5;rho=0.02;replicate=3;solver=Lasso", key);
    }

    [Theory]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\data", "\"C:\\\\data\"")]
    [InlineData("1,2", "\"1,2\"")]
    [InlineData("", "\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("padded ", "\"padded \"")]
    [InlineData("tab\there", "\"tab\there\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain", "plain")]
    [InlineData("two words", "two words")]
    [InlineData("naïve-Ωμέγα-数据", "naïve-Ωμέγα-数据")]
    public void Quotes_a_value_only_when_it_would_be_ambiguous(string value, string expected)
    {
        Assert.Equal(expected, PointKey.EscapeValue(value));
        Assert.Equal("v=" + expected, PointKey.Build(["v"], [value]));
    }

    public static TheoryData<string[]> ValueSets => new()
    {
        new[] { "0.5", "3", "Lasso" },
        new[] { "a;b", "x=y", "\"quoted\"" },
        new[] { @"back\slash", @"\", "\\\"" },
        new[] { "", " ", "  two  " },
        new[] { "1,2,3", "tab\t", "\r\n" },
        new[] { "naïve", "Ωμέγα", "数据 🚀" },
        new[] { ";", "=", "," },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Parse_returns_what_build_was_given(string[] values)
    {
        string[] names = ["first", "second", "third"];

        var parsed = PointKey.Parse(PointKey.Build(names, values));

        Assert.Equal(names, parsed.Select(p => p.Key));
        Assert.Equal(values, parsed.Select(p => p.Value));
    }

    [Fact]
    public void Parses_an_empty_key_as_no_pairs()
    {
        Assert.Empty(PointKey.Parse(""));
        Assert.Equal("", PointKey.Build([], []));
    }

    [Theory]
    [InlineData("delta", "Expected 'name=value' at position 0")]
    [InlineData("=0.5", "Expected 'name=value' at position 0")]
    [InlineData("a=1;b", "Expected 'name=value' at position 4")]
    [InlineData("a=\"open", "Unterminated quoted value for 'a'")]
    [InlineData("a=\"x\\", "Dangling escape")]
    [InlineData("a=\"x\"y;b=2", "Expected ';' after the quoted value of 'a'")]
    public void Rejects_malformed_keys_naming_the_problem(string key, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => PointKey.Parse(key));

        Assert.Contains(expectedMessage, error.Message);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Build_requires_one_value_per_axis()
    {
        var error = Assert.Throws<ArgumentException>(() => PointKey.Build(["a", "b"], ["1"]));

        Assert.Contains("One value per axis", error.Message);
    }
}
