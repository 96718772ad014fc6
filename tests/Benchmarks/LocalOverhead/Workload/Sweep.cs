using Experiments;
using Xunit;

namespace Benchmarks.LocalOverhead;

public class Sweep
{
    /// <summary>10,000 points of about a millisecond each.</summary>
    [Experiment]
    public double Point([Range(0, Kernel.Points - 1, 1)] int i) => Kernel.Work(i);

    /// <summary>100,000 points that do nothing: the machinery's own rate.</summary>
    [Experiment]
    public int Noop([Range(0, Kernel.NoopPoints - 1, 1)] int i) => Kernel.Noop(i);

    /// <summary>A 1,000 × 1,000 grid of no-op points: plan, run and record a million points end to end.</summary>
    [Experiment]
    public int Grid([Range(0, Kernel.GridSide - 1, 1)] int a, [Range(0, Kernel.GridSide - 1, 1)] int b) => a + b;

    public static TheoryData<int> Rows()
    {
        var rows = new TheoryData<int>();
        for (var i = 0; i < Kernel.Points; i++)
            rows.Add(i);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row(int i) => Assert.True(Kernel.Work(i) > 0);
}
