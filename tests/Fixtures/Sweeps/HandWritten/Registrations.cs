// Stand-in for the generator's output: the module initializer that registers every experiment of the assembly.
using System.Runtime.CompilerServices;
using Experiments.Registry;
using static Sweeps.HandWritten.Describe;

namespace Sweeps.HandWritten;

internal static class Registrations
{
    public static IReadOnlyList<GeneratedExperiment> All { get; } =
    [
        new HandWrittenExperiment(
            Experiment(typeof(Arithmetic), nameof(Arithmetic.Sum), "Arithmetic.cs", Resources(),
                Grid("a", "int", 1, 2, 3), Grid("b", "double", 0.5, 1.5), Replicates("replicate", 2)),
            (a, c) => new(new Arithmetic().Sum((int)a[0], (double)a[1], (int)a[2], c)), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Arithmetic), nameof(Arithmetic.Print), "Arithmetic.cs", Resources(), Grid("side", "string", "left", "right")),
            (a, _) => { Arithmetic.Print((string)a[0]); return new((object?)null); }, hasResult: false),
        new HandWrittenExperiment(
            Experiment(typeof(Failing), nameof(Failing.Throw), "Failing.cs", Resources(retries: 2), Grid("x", "int", 1, 2, 3)),
            (a, _) => new(Failing.Throw((int)a[0])), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Flaky), nameof(Flaky.SecondTime), "Flaky.cs", Resources(retries: 1), Grid("n", "int", 1, 2)),
            (a, c) => new(Flaky.SecondTime((int)a[0], c)), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Slow), nameof(Slow.Sleep), "Slow.cs", Resources(timeout: "00:00:01"), Grid("milliseconds", "int", 10, 5000, 20)),
            async (a, c) => await Slow.Sleep((int)a[0], c.CancellationToken), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Slow), nameof(Slow.Runaway), "Slow.cs", Resources(timeout: "00:00:01"), Grid("step", "string", "before", "stuck", "after")),
            (a, _) => new(Slow.Runaway((string)a[0])), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Crashing), nameof(Crashing.FailFast), "Crashing.cs", Resources(retries: 1), Grid("p", "int", 1, 2, 3)),
            (a, _) => new(Crashing.FailFast((int)a[0])), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Crashing), nameof(Crashing.Exit), "Crashing.cs", Resources(), Grid("p", "int", 1, 2, 3)),
            (a, _) => new(Crashing.Exit((int)a[0])), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Crashing), nameof(Crashing.StackOverflow), "Crashing.cs", Resources(), Grid("p", "int", 1, 2, 3)),
            (a, _) => new(Crashing.StackOverflow((int)a[0])), hasResult: true),
        new HandWrittenExperiment(
            Experiment(typeof(Long), nameof(Long.Wait), "Long.cs", Resources(), Replicates("replicate", 8)),
            async (a, c) => await Long.Wait((int)a[0], c.CancellationToken), hasResult: true),
    ];

    [ModuleInitializer]
    internal static void Register()
    {
        foreach (var experiment in All)
            ExperimentRegistry.Register(experiment);
    }
}
