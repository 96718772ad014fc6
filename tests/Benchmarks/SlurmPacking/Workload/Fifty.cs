using System.Diagnostics;
using Experiments;

namespace Benchmarks.SlurmPacking;

public static class Fifty
{
    /// <summary>
    /// 1,000 points that each keep a core busy for 50 ms, as a short simulation would (a sleep would let points share
    /// cores and hide what the schedulers cost). Returns the point's number.
    /// </summary>
    [Experiment]
    public static int Point([Range(0, 999, 1)] int i)
    {
        var clock = Stopwatch.StartNew();
        var x = 1.0;
        while (clock.ElapsedTicks < Stopwatch.Frequency / 20)
            x = Math.Sqrt(x + i);
        return x > 0 ? i : -1;
    }
}
