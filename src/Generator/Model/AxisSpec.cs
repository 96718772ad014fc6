namespace Experiments.Generator.Model;

/// <summary>Where an axis's values come from; mirrors <c>Experiments.Registry.AxisKind</c>.</summary>
internal enum AxisSource
{
    Grid,
    Range,
    Replicates,
    AllValues,
}

/// <summary>One parameter axis, with its values already computed and in canonical text.</summary>
/// <param name="Name">The parameter's name (no '@').</param>
/// <param name="ManifestType">The type as the manifest and the grid hash write it: a C# keyword or an enum's full name.</param>
/// <param name="TypeSyntax">The type as generated code writes it (<c>double</c>, <c>global::Ns.Solver</c>).</param>
/// <param name="ValueTexts">Canonical value texts (PointKeyText.Format); literals are derived from them and <see cref="Scalar"/>.</param>
internal sealed record AxisSpec(
    string Name,
    string ManifestType,
    string TypeSyntax,
    ScalarKind Scalar,
    AxisSource Source,
    ImmutableEquatableArray<string> ValueTexts);
