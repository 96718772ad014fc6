using Experiments.Registry;
using Experiments.Tests.Support;

namespace Experiments.Tests.Registry;

public sealed class ExperimentDescriptorTests
{
    private static readonly ExperimentDescriptor Study = Axes.Descriptor(
        typeof(SampleStudy),
        "Run",
        [
            Axes.Grid("delta", "double", 0.1, 0.2, 0.3),
            Axes.Replicates("replicate", 2),
            Axes.Grid("label", "string", "plain", "a;b", ""),
            Axes.AllOf<Solver>("solver"),
        ]);

    private static readonly ExperimentDescriptor Draws = Axes.Descriptor(
        typeof(SampleStudy),
        "Run",
        [Axes.Range("rho", "double", 0.02m, 0.02m, 1_000_000), Axes.Replicates("replicate", 1_000_000)]);

    [Fact]
    public void A_million_by_a_million_grid_computes_its_keys_values_and_names_from_the_index()
    {
        Assert.Equal(1_000_000_000_000, Draws.PointCount);
        var index = Draws.IndexOf([2, 999_999]);

        Assert.Equal("rho=0.06;replicate=999999", Draws.KeyOf(index));
        Assert.Equal(index, Draws.TryIndexOf("rho=0.06;replicate=999999"));
        Assert.Null(Draws.TryIndexOf("rho=0.060000000000000005;replicate=1"));
        Assert.Null(Draws.TryIndexOf("rho=0.06;replicate=1000000"));
        Assert.Equal(new object[] { 0.06, 999_999 }, new HandWrittenExperiment(Draws, (_, _) => default).ArgumentsOf(index));
        Assert.Equal("Run(rho: 0.06, replicate: 999999)", Experiments.Xunit.PointDisplayName.Format("Run", Draws, index));
        Assert.Equal("rho=20000;replicate=0", Draws.KeyOf(Draws.PointCount - 1_000_000));
    }

    [Fact]
    public void Point_count_is_the_product_of_the_axis_sizes() => Assert.Equal(3 * 2 * 3 * 2, Study.PointCount);

    [Fact]
    public void The_last_axis_varies_fastest()
    {
        Assert.Equal([0, 0, 0, 0], Study.Digits(0));
        Assert.Equal([0, 0, 0, 1], Study.Digits(1));
        Assert.Equal([0, 0, 1, 0], Study.Digits(2));
        Assert.Equal([0, 1, 0, 0], Study.Digits(6));
        Assert.Equal([1, 0, 0, 0], Study.Digits(12));
        Assert.Equal([2, 1, 2, 1], Study.Digits(35));
    }

    [Fact]
    public void Every_index_round_trips_through_digits_and_key()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long index = 0; index < Study.PointCount; index++)
        {
            Assert.Equal(index, Study.IndexOf(Study.Digits(index)));
            var key = Study.KeyOf(index);
            Assert.True(keys.Add(key), $"duplicate key {key}");
            Assert.Equal(index, Study.TryIndexOf(key));
        }
    }

    [Fact]
    public void Keys_carry_canonical_escaped_values_in_axis_order()
    {
        Assert.Equal("delta=0.1;replicate=0;label=plain;solver=Omp", Study.KeyOf(0));
        Assert.Equal("delta=0.3;replicate=1;label=\"a;b\";solver=Lasso", Study.KeyOf(Study.IndexOf([2, 1, 1, 1])));
        Assert.Equal("delta=0.2;replicate=0;label=\"\";solver=Omp", Study.KeyOf(Study.IndexOf([1, 0, 2, 0])));
    }

    [Theory]
    [InlineData("delta=0.4;replicate=0;label=plain;solver=Omp")]   // a value not on the grid
    [InlineData("delta=0.1;replicate=0;label=plain")]              // an axis missing
    [InlineData("replicate=0;delta=0.1;label=plain;solver=Omp")]   // axes out of order
    [InlineData("delta=0.1;replicate=0;label=plain;solver=omp")]   // enum names are case-sensitive
    [InlineData("delta=0.10;replicate=0;label=plain;solver=Omp")]  // not the canonical text
    [InlineData("delta=0.1;replicate=0;label=\"plain;solver=Omp")] // malformed
    [InlineData("")]
    public void Keys_that_are_not_points_of_the_grid_have_no_index(string key) => Assert.Null(Study.TryIndexOf(key));

    [Theory]
    [InlineData(-1)]
    [InlineData(36)]
    public void Indexes_outside_the_grid_are_rejected_with_the_point_count(long index)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Study.Digits(index));

        Assert.Contains("has 36 points", error.Message);
    }

    [Fact]
    public void An_experiment_without_axes_has_one_point_with_an_empty_key()
    {
        var single = Axes.Descriptor(typeof(SampleStudy), "Once", []);

        Assert.Equal(1, single.PointCount);
        Assert.Equal("", single.KeyOf(0));
        Assert.Equal(0, single.TryIndexOf(""));
    }

    [Fact]
    public void Large_grids_decode_without_overflow()
    {
        var values = Enumerable.Range(0, 1000).Cast<object>().ToArray();
        var big = Axes.Descriptor(typeof(SampleStudy), "Big", [Axes.Grid("a", "int", values), Axes.Grid("b", "int", values), Axes.Grid("c", "int", values), Axes.Grid("d", "int", values)]);
        var last = big.PointCount - 1;

        Assert.Equal(1_000_000_000_000, big.PointCount);
        Assert.Equal([999, 999, 999, 999], big.Digits(last));
        Assert.Equal(last, big.TryIndexOf("a=999;b=999;c=999;d=999"));
        Assert.Equal(123_456_789_012, big.TryIndexOf("a=123;b=456;c=789;d=12"));
    }
}
