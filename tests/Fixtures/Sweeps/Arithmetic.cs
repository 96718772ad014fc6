using Experiments;

namespace Sweeps;

/// <summary>Experiments that always succeed at once: the happy path.</summary>
public class Arithmetic
{
    /// <summary>
    /// 12 points (a × b × replicate), all succeed. Returns the sum, the seed it ran with and the replicate, so tests can
    /// compare keys and seeds with the registry's.
    /// </summary>
    [Experiment]
    public Total Sum([Grid(1, 2, 3)] int a, [Grid(0.5, 1.5)] double b, [Replicates(2)] int replicate, ExperimentContext context) =>
        new(a + b, context.Seed, replicate);

    /// <summary>
    /// 2 points, returns nothing, writes a line to Console.Out ("Sweeps.Arithmetic.Print says left|right"): in worker
    /// mode that line must reach the worker's log (stderr), never the protocol on stdout.
    /// </summary>
    [Experiment]
    public static void Print([Grid("left", "right")] string side) => Console.WriteLine($"Sweeps.Arithmetic.Print says {side}");
}

public record Total(double Sum, int Seed, int Replicate);
