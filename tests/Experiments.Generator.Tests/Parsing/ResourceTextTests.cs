using Experiments.Generator.Parsing;

namespace Experiments.Generator.Tests.Parsing;

/// <summary>The accepted forms of [Experiment(Timeout)] and [Experiment(Memory)] and what they normalise to.</summary>
public sealed class ResourceTextTests
{
    [Theory]
    [InlineData("00:05:00", "00:05:00")]
    [InlineData("1.12:00:00", "1.12:00:00")]
    [InlineData("00:00:01.25", "00:00:01.2500000")]
    [InlineData("500ms", "00:00:00.5000000")]
    [InlineData("90s", "00:01:30")]
    [InlineData("5m", "00:05:00")]
    [InlineData("1.5h", "01:30:00")]
    [InlineData("2h", "02:00:00")]
    [InlineData("1d", "1.00:00:00")]
    [InlineData(" 10 m ", "00:10:00")]
    public void ParsesTimeouts(string text, string normalized)
    {
        Assert.True(TimeoutText.TryParse(text, out var ticks, out var actual, out var error), error);
        Assert.Equal(normalized, actual);
        Assert.Equal(TimeSpan.ParseExact(normalized, "c", System.Globalization.CultureInfo.InvariantCulture).Ticks, ticks);
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("00:60:00")]
    [InlineData("5")]
    [InlineData("99999999999999999d")]
    public void RejectsTimeouts(string text) => Assert.False(TimeoutText.TryParse(text, out _, out _, out _));

    [Theory]
    [InlineData("512MiB", 536_870_912L)]
    [InlineData("2GiB", 2_147_483_648L)]
    [InlineData("4GB", 4_000_000_000L)]
    [InlineData("1TiB", 1_099_511_627_776L)]
    [InlineData("100MB", 100_000_000L)]
    [InlineData("1024KiB", 1_048_576L)]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("1.5GiB", 1_610_612_736L)]
    [InlineData("2 gib", 2_147_483_648L)]
    [InlineData("64B", 64L)]
    public void ParsesMemory(string text, long bytes)
    {
        Assert.True(MemoryText.TryParse(text, out var actual, out var error), error);
        Assert.Equal(bytes, actual);
    }

    [Theory]
    [InlineData("2G")]
    [InlineData("lots")]
    [InlineData("")]
    [InlineData("0")]
    public void RejectsMemory(string text) => Assert.False(MemoryText.TryParse(text, out _, out _));
}
