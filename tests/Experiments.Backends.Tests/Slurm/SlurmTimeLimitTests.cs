using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmTimeLimitTests
{
    [Theory]
    [InlineData("90", 0, 1, 30, 0)]
    [InlineData("5:30", 0, 0, 5, 30)]
    [InlineData("4:00:00", 0, 4, 0, 0)]
    [InlineData("2-0", 2, 0, 0, 0)]
    [InlineData("1-12", 1, 12, 0, 0)]
    [InlineData("1-02:30", 1, 2, 30, 0)]
    [InlineData("3-01:02:03", 3, 1, 2, 3)]
    public void Reads_every_form_sbatch_accepts(string text, int days, int hours, int minutes, int seconds)
    {
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), SlurmTimeLimit.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0:00:00")]
    [InlineData("1h")]
    [InlineData("-5")]
    [InlineData("1-2:3:4:5")]
    [InlineData("1:2:3:4")]
    [InlineData("UNLIMITED")]
    [InlineData(" 10")]
    public void Rejects_what_is_not_a_positive_Slurm_time(string text)
    {
        Assert.False(SlurmTimeLimit.TryParse(text, out _));
        Assert.Contains($"'{text}' is not a Slurm time", Assert.Throws<FormatException>(() => SlurmTimeLimit.Parse(text)).Message);
    }

    [Fact]
    public void Formats_days_hours_minutes_seconds_rounding_up()
    {
        Assert.Equal("0-00:00:01", SlurmTimeLimit.Format(TimeSpan.FromMilliseconds(10)));
        Assert.Equal("0-01:05:00", SlurmTimeLimit.Format(TimeSpan.FromMinutes(65)));
        Assert.Equal("2-03:04:05", SlurmTimeLimit.Format(new TimeSpan(2, 3, 4, 5)));
        Assert.Equal(new TimeSpan(12, 23, 59, 59), SlurmTimeLimit.Parse(SlurmTimeLimit.Format(new TimeSpan(12, 23, 59, 59))));
    }

    [Fact]
    public void A_task_asks_for_each_points_timeout_and_grace_plus_a_margin()
    {
        var time = SlurmTimeLimit.ForTask(TimeSpan.FromMinutes(10), 6, configuredLimit: null);

        // 6 × (10 min + 30 s) + 5 min
        Assert.Equal(new TaskTime(TimeSpan.FromMinutes(68), Capped: false), time);
    }

    [Fact]
    public void A_task_that_would_ask_for_more_than_the_configured_limit_is_capped()
    {
        Assert.Equal(new TaskTime(TimeSpan.FromHours(1), Capped: true), SlurmTimeLimit.ForTask(TimeSpan.FromMinutes(10), 6, TimeSpan.FromHours(1)));
        Assert.Equal(new TaskTime(TimeSpan.FromMinutes(68), Capped: false), SlurmTimeLimit.ForTask(TimeSpan.FromMinutes(10), 6, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Without_a_timeout_the_configured_limit_or_the_partition_default_applies()
    {
        Assert.Equal(new TaskTime(TimeSpan.FromHours(4), false), SlurmTimeLimit.ForTask(null, 100, TimeSpan.FromHours(4)));
        Assert.Equal(new TaskTime(null, false), SlurmTimeLimit.ForTask(null, 100, null));
    }

    [Fact]
    public void Tells_how_many_points_fit_within_a_limit()
    {
        // (60 min − 5 min margin) / (10 min + 30 s) = 5.2
        Assert.Equal(5, SlurmTimeLimit.MaxPointsWithin(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)));
        Assert.Equal(1, SlurmTimeLimit.MaxPointsWithin(TimeSpan.FromHours(2), TimeSpan.FromHours(1)));
        Assert.Equal(1, SlurmTimeLimit.MaxPointsWithin(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3)));
    }

    [Theory]
    [InlineData(1L, "1M")]
    [InlineData(1L << 20, "1M")]
    [InlineData((1L << 20) + 1, "2M")]
    [InlineData(2L << 30, "2048M")]
    [InlineData(1_500_000_000L, "1431M")]
    public void Memory_goes_in_MiB_rounded_up(long bytes, string expected)
    {
        Assert.Equal(expected, SlurmTimeLimit.Memory(bytes));
    }
}
