namespace Benchmarks.LocalOverhead;

/// <summary>
/// The functions every contender runs: <see cref="Work"/>, deterministic CPU work of about a millisecond (so 10,000
/// points are long enough to measure and short enough that per-point overhead shows), and <see cref="Noop"/>, no work
/// at all (so what is measured is the machinery alone).
/// </summary>
public static class Kernel
{
    public const int Points = 10_000;

    /// <summary>The no-op sweep's size: at the goal of 100,000 points/s, one second of sweep.</summary>
    public const int NoopPoints = 100_000;

    /// <summary>The side of the 1,000 × 1,000 grid run end to end.</summary>
    public const int GridSide = 1_000;

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

    public static int Noop(int i) => i;
}
