namespace Experiments.Registry;

/// <summary>One parameter axis of an experiment, with its values in declaration order.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="TypeName">The parameter's type as written in the manifest: <c>double</c>, <c>int</c>, <c>string</c>, or a
/// fully qualified enum name.</param>
/// <param name="Kind">Which attribute (or none) supplied the values.</param>
/// <param name="Values">The typed values, boxed (display and the IDE view; the dispatcher uses typed arrays).</param>
/// <param name="ValueTexts">The canonical text of each value, unescaped, as the key and the manifest carry it.</param>
public sealed record AxisDescriptor(
    string Name,
    string TypeName,
    AxisKind Kind,
    IReadOnlyList<object> Values,
    IReadOnlyList<string> ValueTexts)
{
    public int Count => ValueTexts.Count;

    /// <summary>Start, step and count of a range or replicates axis, whose values and texts are computed from their
    /// index; null for an axis that lists its values.</summary>
    public AxisProgression? Progression { get; init; }

    /// <summary>A range or replicates axis described by its progression: nothing per value is stored.</summary>
    public static AxisDescriptor Arithmetic(string name, string typeName, AxisKind kind, AxisProgression progression) =>
        new(name, typeName, kind,
            new ComputedList<object>(progression.Count, k => progression.ValueAt(typeName, k)),
            new ComputedList<string>(progression.Count, k => progression.TextAt(typeName, k)))
        {
            Progression = progression,
        };
}
