namespace Experiments.Generator.Model;

/// <summary>Where an axis's values come from; mirrors <c>Experiments.Registry.AxisKind</c>.</summary>
internal enum AxisSource
{
    Grid,
    Range,
    Replicates,
    AllValues,
}

/// <summary>One parameter axis: its values listed in canonical text, or (range and replicates) its progression.</summary>
/// <param name="Name">The parameter's name (no '@').</param>
/// <param name="ManifestType">The type as the manifest and the grid hash write it: a C# keyword or an enum's full name.</param>
/// <param name="TypeSyntax">The type as generated code writes it (<c>double</c>, <c>global::Ns.Solver</c>).</param>
/// <param name="ValueTexts">Canonical value texts (PointKeyText.Format) of a listed axis; literals are derived from them
/// and <see cref="Scalar"/>. Empty when <see cref="Progression"/> describes the values.</param>
/// <param name="Progression">Start, step and count of a range or replicates axis, whose values generated code computes
/// from their index; null for a listed axis. Generated size does not grow with its count.</param>
internal sealed record AxisSpec(
    string Name,
    string ManifestType,
    string TypeSyntax,
    ScalarKind Scalar,
    AxisSource Source,
    ImmutableEquatableArray<string> ValueTexts,
    ProgressionSpec? Progression = null)
{
    /// <summary>How many values the axis has.</summary>
    public int Count => Progression?.Count ?? ValueTexts.Count;
}
