using System.Runtime.CompilerServices;
using Experiments.Registry;

namespace Experiments.Tests.Support;

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
