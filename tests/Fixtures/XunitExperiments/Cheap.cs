using Experiments;
using Xunit;

namespace XunitExperiments;

/// <summary>An experiment cheap enough to run in every test run, and an ordinary test beside it.</summary>
public class Cheap
{
    [Experiment(Explicit = false)]
    public bool Check([Grid(1, 2)] int x) => x > 0;

    [Fact]
    public void Ordinary_facts_still_run() => Assert.Equal(4, 2 + 2);
}
