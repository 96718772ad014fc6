using Experiments.Xunit;

namespace Experiments.Tests.Xunit;

public sealed class DiscoverySampleTests
{
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 1000)]
    [InlineData(999, 1000)]
    [InlineData(1000, 1000)]
    public void A_grid_within_the_limit_is_listed_whole(long points, int limit)
    {
        var indexes = DiscoverySample.Indexes(points, limit);

        Assert.Equal(Enumerable.Range(0, (int)points).Select(i => (long)i), indexes);
        Assert.Equal(0, DiscoverySample.Unlisted(points, limit));
    }

    [Theory]
    [InlineData(1001, 1000)]
    [InlineData(1_000_000, 1000)]
    [InlineData(7, 3)]
    [InlineData(1_000_000_000_000_000, 1000)]
    [InlineData(long.MaxValue, 1000)]
    [InlineData(10, 2)]
    public void A_larger_grid_lists_exactly_the_limit_from_first_to_last(long points, int limit)
    {
        var indexes = DiscoverySample.Indexes(points, limit);

        Assert.Equal(limit, indexes.Count);
        Assert.Equal(0, indexes[0]);
        Assert.Equal(points - 1, indexes[^1]);
        Assert.All(indexes.Zip(indexes.Skip(1)), pair => Assert.True(pair.First < pair.Second, "indexes must be ascending and distinct"));
        Assert.Equal(points - limit, DiscoverySample.Unlisted(points, limit));
    }

    [Fact]
    public void The_sample_of_a_square_grid_spreads_over_both_axes_instead_of_walking_its_diagonal()
    {
        // 100 × 100 points, 100 listed: evenly spaced indexes would be (0,0), (1,1), … — one value pair per row.
        var indexes = DiscoverySample.Indexes(100 * 100, 100);

        var rows = indexes.Select(i => i / 100).Distinct().Count();
        var columns = indexes.Select(i => i % 100).Distinct().Count();
        var diagonal = indexes.Count(i => i / 100 == i % 100);
        Assert.True(rows >= 50, $"only {rows} distinct values of the first axis");
        Assert.True(columns >= 50, $"only {columns} distinct values of the second axis");
        Assert.True(diagonal <= 5, $"{diagonal} of 100 listed points lie on the diagonal");
    }

    [Fact]
    public void The_sample_is_the_same_on_every_discovery()
    {
        Assert.Equal(DiscoverySample.Indexes(1_234_567, 1000), DiscoverySample.Indexes(1_234_567, 1000));
        // Pinned: a change of the sampling changes which tests Test Explorer shows, so it must be deliberate.
        Assert.Equal([0L, 4, 6], DiscoverySample.Indexes(7, 3));
        Assert.Equal([0L, 236_066, 618_033, 999_999], DiscoverySample.Indexes(1_000_000, 4));
    }

    [Fact]
    public void A_limit_of_one_lists_the_first_point()
    {
        Assert.Equal([0L], DiscoverySample.Indexes(50, 1));
        Assert.Equal(49, DiscoverySample.Unlisted(50, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_limit_of_zero_or_less_lists_no_point(int limit)
    {
        Assert.Empty(DiscoverySample.Indexes(50, limit));
        Assert.Equal(50, DiscoverySample.Unlisted(50, limit));
    }
}
