namespace Experiments.Generator.Model;

/// <summary>
/// Everything the emitter needs about one experiment, and nothing else. Only strings, primitives and equatable
/// arrays: no symbols, syntax or locations, so equal inputs give equal specs and the incremental pipeline can cache
/// the generated source.
/// </summary>
/// <param name="Name">The experiment's name (default <c>Namespace.Class.Method</c>).</param>
/// <param name="TypeName">The declaring type's <c>Type.FullName</c> (nested types joined with '+').</param>
/// <param name="TypeSyntax">The declaring type as generated code writes it (<c>global::Samples.PhaseTransition</c>).</param>
/// <param name="MethodName">The method's name as the manifest writes it (no '@').</param>
/// <param name="MethodSyntax">The method's name as generated code writes it (escaped when a keyword).</param>
/// <param name="SourceFile">The declaring file relative to the project directory, '/' separators.</param>
/// <param name="Arguments">What to pass for each method parameter, in parameter order.</param>
/// <param name="PointCount">The product of the axes' value counts.</param>
/// <param name="ResultTypeId">The <see cref="ResultTypeSpec.Id"/> of the result, or null when there is none.</param>
/// <param name="ResultTypes">The result's type graph (empty when there is no result).</param>
internal sealed record ExperimentSpec(
    string Name,
    string TypeName,
    string TypeSyntax,
    string MethodName,
    string MethodSyntax,
    bool IsStatic,
    InstanceDisposal Disposal,
    string SourceFile,
    bool Explicit,
    ImmutableEquatableArray<AxisSpec> Axes,
    ImmutableEquatableArray<ArgumentSpec> Arguments,
    long PointCount,
    ReturnKind ReturnKind,
    string? ResultTypeId,
    ImmutableEquatableArray<ResultTypeSpec> ResultTypes,
    ResourceSpec Resources);
