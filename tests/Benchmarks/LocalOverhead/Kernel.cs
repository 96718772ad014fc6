namespace Benchmarks.LocalOverhead;

/// <summary>
/// The function every contender runs: deterministic CPU work of roughly a millisecond, so that 10,000 points are long
/// enough to measure and short enough that per-point overhead shows.
/// </summary>
public static class Kernel
{
    public const int Points = 10_000;

    public static double Work(int i)
    {
        var x = 0.0;
        var y = i * 1e-4;
        for (var k = 0; k < 150_000; k++)
        {
            y = y * 1.000001 + 1e-7;
            x += Math.Sqrt(y + k);
        }
        return x;
    }
}
