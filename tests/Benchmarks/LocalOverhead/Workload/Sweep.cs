using Experiments;
using Xunit;

namespace Benchmarks.LocalOverhead;

public class Sweep
{
    [Experiment]
    public double Point([Range(0, Kernel.Points - 1, 1)] int i) => Kernel.Work(i);

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
