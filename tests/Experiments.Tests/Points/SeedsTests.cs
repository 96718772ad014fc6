using Experiments.Points;

namespace Experiments.Tests.Points;

public sealed class SeedsTests
{
    // Pinned values: results already recorded carry these seeds, so a change of algorithm must be a conscious, visible
    // break. SHA-256("Samples.PhaseTransition.Run" + U+001F + key), first 4 bytes little-endian, top bit cleared.
    [Theory]
    [InlineData("Samples.PhaseTransition.Run", "delta=0.5;rho=0.02;replicate=3", 1960963940)]
    [InlineData("Samples.PhaseTransition.Run", "delta=0.5;rho=0.02;replicate=4", 398631404)]
    [InlineData("E", "", 1711130229)]
    public void Derives_the_pinned_seed(string experiment, string key, int expected) =>
        Assert.Equal(expected, Seeds.Derive(experiment, key));

    [Fact]
    public void Seeds_are_non_negative_and_differ_between_points_and_experiments()
    {
        var seeds = new HashSet<int>();
        for (var replicate = 0; replicate < 1000; replicate++)
        {
            var seed = Seeds.Derive("A.B.Run", $"replicate={replicate}");
            Assert.True(seed >= 0);
            seeds.Add(seed);
        }

        Assert.Equal(1000, seeds.Count);
        Assert.NotEqual(Seeds.Derive("A.B.Run", "x=1"), Seeds.Derive("A.B.Other", "x=1"));
    }

    [Fact]
    public void The_separator_keeps_name_and_key_from_running_together()
    {
        // Without a separator "A.B" + "x=1" and "A.B" + "x" + "=1" style splits could collide.
        Assert.NotEqual(Seeds.Derive("Ax", "y=1"), Seeds.Derive("A", "xy=1"));
    }
}
