using System.Runtime.CompilerServices;
using Experiments.Registry;

namespace Experiments.Tests.Support;

/// <summary>Registers the sample experiments as the generated module initializer would.</summary>
internal static class SampleRegistration
{
    public static readonly ExperimentDescriptor Cheap = Axes.Descriptor(
        typeof(SampleStudy), nameof(SampleStudy.Cheap), [Axes.Grid("label", "string", "a;b", "", " x"), Axes.Grid("mark", "char", 'q', '"')], @explicit: false);

    public static readonly ExperimentDescriptor Huge = Axes.Descriptor(
        typeof(SampleStudy),
        nameof(SampleStudy.Huge),
        [Axes.Grid("a", "int", Hundred()), Axes.Grid("b", "int", Hundred()), Axes.Grid("c", "int", Hundred())]);

    public static readonly ExperimentDescriptor Skipped = Axes.Descriptor(typeof(SampleStudy), nameof(SampleStudy.Skipped), [Axes.Replicates("replicate", 4)]);

    public static readonly ExperimentDescriptor Fails = Axes.Descriptor(typeof(SampleStudy), nameof(SampleStudy.Fails), [Axes.Replicates("replicate", 2)]);

    public static readonly ExperimentDescriptor Slow = Axes.Descriptor(
        typeof(SampleStudy), nameof(SampleStudy.Slow), [Axes.Replicates("replicate", 1)], new ExperimentResources(TimeSpan.FromSeconds(1), 0, 1, null, null, 0));

    public static readonly ExperimentDescriptor Artifacts = Axes.Descriptor(typeof(SampleStudy), nameof(SampleStudy.Artifacts), [Axes.Replicates("replicate", 1)]);

    [ModuleInitializer]
    internal static void Register()
    {
        ExperimentRegistry.Register(new SampleStudyRunExperiment());
        ExperimentRegistry.Register(new HandWrittenExperiment(Cheap, (_, _) => new((string?)null)));
        ExperimentRegistry.Register(new HandWrittenExperiment(Huge, (_, _) => new((string?)null)));
        ExperimentRegistry.Register(new HandWrittenExperiment(Skipped, (_, _) => new((string?)null)));
        ExperimentRegistry.Register(new HandWrittenExperiment(Fails, (args, _) =>
        {
            new SampleStudy().Fails((int)args[0]);
            return new((string?)null);
        }));
        ExperimentRegistry.Register(new HandWrittenExperiment(Slow, async (args, context) =>
        {
            await new SampleStudy().Slow((int)args[0], context.CancellationToken);
            return null;
        }));
        ExperimentRegistry.Register(new HandWrittenExperiment(Artifacts, (args, context) =>
        {
            new SampleStudy().Artifacts((int)args[0], context);
            return new((string?)null);
        }));
    }

    private static object[] Hundred() => Enumerable.Range(0, 100).Cast<object>().ToArray();
}
