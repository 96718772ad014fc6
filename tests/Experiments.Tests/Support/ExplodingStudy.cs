using System.Runtime.CompilerServices;
using Experiments.Registry;

namespace Experiments.Tests.Support;

// These classes are internal on purpose (xunit must not discover them here; tests hand them to the discoverer), and
// xunit's analyzers take [Experiment] for a theory without data. In a user's project the generator's suppressor
// silences xUnit1003/xUnit1026 for [Experiment] methods; this project does not reference the generator.
#pragma warning disable xUnit1000, xUnit1003, xUnit1026

/// <summary>An experiment whose user code fails loudly if anything runs it: discovery must not.</summary>
internal sealed class ExplodingStudy
{
    public ExplodingStudy() => throw new InvalidOperationException("user code ran");

    public static readonly ExperimentDescriptor Shape = Axes.Descriptor(typeof(ExplodingStudy), nameof(Run), [Axes.Replicates("replicate", 5)]);

    [Experiment]
    public void Run([Replicates(5)] int replicate)
    {
    }

    [ModuleInitializer]
    internal static void Register() =>
        ExperimentRegistry.Register(new HandWrittenExperiment(Shape, (args, _) =>
        {
            new ExplodingStudy().Run((int)args[0]);
            return new((string?)null);
        }));
}
