using System.Diagnostics;
using Benchmarks.LocalOverhead;
using Samples;

// The physical limit: the same functions as the experiments, with Parallel.For in one process.
//   Baseline kernel    10,000 points of Kernel.Work
//   Baseline noop      100,000 points of Kernel.Noop
//   Baseline flagship  the PhaseTransition sample's 17,640 points (9 δ × 49 ρ × 2 coefficient kinds × 20 replicates)
var mode = args.Length > 0 ? args[0] : "kernel";
var clock = Stopwatch.StartNew();
double checksum;
switch (mode)
{
    case "kernel":
    {
        var results = new double[Kernel.Points];
        Parallel.For(0, Kernel.Points, i => results[i] = Kernel.Work(i));
        checksum = results.Sum();
        break;
    }
    case "noop":
    {
        var results = new int[Kernel.NoopPoints];
        Parallel.For(0, Kernel.NoopPoints, i => results[i] = Kernel.Noop(i));
        checksum = results.Sum(r => (double)r);
        break;
    }
    case "flagship":
    {
        var deltas = Enumerable.Range(1, 9).Select(d => d / 10.0).ToArray();
        var rhos = Enumerable.Range(1, 49).Select(r => r * 0.02).ToArray();
        var kinds = Enum.GetValues<Coefficients>();
        const int replicates = 20;
        var count = deltas.Length * rhos.Length * kinds.Length * replicates;
        var recovered = new bool[count];
        Parallel.For(0, count, p =>
        {
            var (rest, replicate) = Math.DivRem(p, replicates);
            (rest, var kind) = Math.DivRem(rest, kinds.Length);
            var (delta, rho) = Math.DivRem(rest, rhos.Length);
            // The tool derives each point's seed from its key; any fixed seed per point costs the same.
            var problem = RecoveryProblem.Generate(SignalLength, deltas[delta], rhos[rho], kinds[kind], new Random(p * 31 + replicate));
            var estimate = OrthogonalMatchingPursuit.Solve(problem.Matrix, problem.Measurements, problem.Sparsity);
            recovered[p] = Outcome.Of(problem, estimate).Recovered;
        });
        checksum = recovered.Count(r => r);
        break;
    }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}' (valid: kernel, noop, flagship)");
        return 2;
}
Console.WriteLine($"{mode}: checksum {checksum:R}, sweep {clock.Elapsed.TotalSeconds:0.000} s");
return 0;

partial class Program
{
    /// <summary>N of the sample (PhaseTransition.SignalLength; that file needs the Experiments package, so the value is repeated).</summary>
    private const int SignalLength = 200;
}
