using Experiments.Points;
using Experiments.Registry;

namespace Experiments.Tests.Support;

/// <summary>Builds descriptors the way generated code does: typed values with their canonical texts, or a progression.</summary>
internal static class Axes
{
    public static AxisDescriptor Grid(string name, string typeName, params object[] values) =>
        new(name, typeName, AxisKind.Grid, values, values.Select(PointKeyText.Format).ToArray());

    public static AxisDescriptor Replicates(string name, int count) =>
        AxisDescriptor.Arithmetic(name, "int", AxisKind.Replicates, new AxisProgression(0m, 1m, count));

    public static AxisDescriptor Range(string name, string typeName, decimal start, decimal step, int count) =>
        AxisDescriptor.Arithmetic(name, typeName, AxisKind.Range, new AxisProgression(start, step, count));

    public static AxisDescriptor AllOf<TEnum>(string name) where TEnum : struct, Enum =>
        new(name, typeof(TEnum).FullName!, AxisKind.AllValues, Enum.GetValues<TEnum>().Cast<object>().ToArray(), Enum.GetNames<TEnum>());

    public static ExperimentDescriptor Descriptor(
        Type declaringType,
        string methodName,
        IReadOnlyList<AxisDescriptor> axes,
        ExperimentResources? resources = null,
        bool @explicit = true,
        string? name = null) =>
        new(
            name ?? $"{declaringType.FullName}.{methodName}",
            declaringType.FullName!,
            methodName,
            "Support/" + declaringType.Name + ".cs",
            axes,
            axes.Aggregate(1L, (product, axis) => product * axis.Count),
            "0123456789abcdef",
            resources ?? ExperimentResources.Default,
            @explicit);
}
