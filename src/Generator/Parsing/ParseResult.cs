using System.Collections.Immutable;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>
/// What parsing one [Experiment] method gives: the spec (null when the method has errors and is skipped) and the
/// diagnostics. The name and its location travel beside the spec, not in it, so the duplicate-name check can point at
/// source while the spec stays free of locations. <c>ResultsFile</c> is the results file the experiment writes (the
/// declaring file's folder and <c>Type.Method.results.json</c>), for the check that no two experiments share one.
/// </summary>
internal sealed record ParseResult(
    ExperimentSpec? Spec,
    ImmutableArray<Diagnostic> Diagnostics,
    string? Name,
    Location? NameLocation,
    string MethodDisplay,
    string? ResultsFile = null);
