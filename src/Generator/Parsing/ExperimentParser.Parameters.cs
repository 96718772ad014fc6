using System.Collections.Generic;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Experiments.Generator.Parsing;

internal sealed partial class ExperimentParser
{
    /// <summary>The axes (one per value parameter) and what to pass for every parameter, in order.</summary>
    private (List<AxisSpec> Axes, List<ArgumentSpec> Arguments) ReadParameters(IMethodSymbol method)
    {
        var axes = new List<AxisSpec>();
        var arguments = new List<ArgumentSpec>();
        var injected = new HashSet<string>();
        foreach (var parameter in method.Parameters)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var syntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) as ParameterSyntax;
            var identifier = syntax?.Identifier.GetLocation() ?? parameter.Locations.FirstOrDefault() ?? Location.None;
            var typeLocation = syntax?.Type?.GetLocation() ?? identifier;
            var sources = parameter.GetAttributes().Where(IsSource).ToList();

            if (parameter.Type.TypeKind == TypeKind.Error)
            {
                _failed = true; // the compiler reports the unknown type
                continue;
            }
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                var modifier = syntax?.Modifiers.FirstOrDefault(m => m.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword
                    or SyntaxKind.InKeyword or SyntaxKind.ParamsKeyword or SyntaxKind.ReadOnlyKeyword);
                var modifierText = syntax is null ? "by reference" : string.Join(" ", syntax.Modifiers.Select(m => m.Text));
                Report(DiagnosticDescriptors.ParameterModifier, modifier is { } token && token != default ? token.GetLocation() : identifier,
                    parameter.Name, modifierText);
                continue;
            }

            var injectedKind = InjectedKind(parameter.Type);
            if (injectedKind is { } kind)
            {
                var typeName = kind == ArgumentKind.Context ? "ExperimentContext" : "CancellationToken";
                if (sources.Count > 0)
                    Report(DiagnosticDescriptors.SourceOnInjectedParameter, SourceLocation(sources[0], identifier), parameter.Name, typeName, SourceName(sources[0]));
                else if (!injected.Add(typeName))
                    Report(DiagnosticDescriptors.DuplicateInjectedParameter, identifier, parameter.Name, typeName);
                arguments.Add(new ArgumentSpec(kind, -1));
                continue;
            }

            if (sources.Count > 1)
            {
                Report(DiagnosticDescriptors.MultipleSources, SourceLocation(sources[1], identifier), parameter.Name,
                    SourceName(sources[0]), SourceName(sources[1]));
                continue;
            }

            var axis = ReadAxis(parameter, sources.FirstOrDefault(), identifier, typeLocation);
            if (axis is null)
                continue;
            arguments.Add(new ArgumentSpec(ArgumentKind.Axis, axes.Count));
            axes.Add(axis);
        }
        return (axes, arguments);
    }

    private AxisSpec? ReadAxis(IParameterSymbol parameter, AttributeData? source, Location identifier, Location typeLocation)
    {
        var type = parameter.Type;
        var scalar = ScalarTypes.Classify(type);
        var typeDisplay = type.ToDisplayString();
        if (scalar is null)
        {
            if (source is not null && Is(source, _known.RangeAttribute))
                Report(DiagnosticDescriptors.RangeUnsupportedType, SourceLocation(source, identifier), parameter.Name, typeDisplay);
            else if (source is not null && Is(source, _known.ReplicatesAttribute))
                Report(DiagnosticDescriptors.ReplicatesNotInt, SourceLocation(source, identifier), parameter.Name, typeDisplay);
            else
                Report(DiagnosticDescriptors.UnsupportedParameterType, typeLocation, parameter.Name, typeDisplay);
            return null;
        }

        var manifestType = scalar == ScalarKind.Enum ? TypeNames.FullName((INamedTypeSymbol)type) : ScalarTypes.Keyword(scalar.Value)!;
        var typeSyntax = scalar == ScalarKind.Enum ? TypeNames.Code(type) : manifestType;
        List<string>? texts = null;
        ProgressionSpec? progression = null;
        AxisSource kind;
        if (source is null)
        {
            kind = AxisSource.AllValues;
            texts = AllValues(parameter, scalar.Value, identifier);
        }
        else
        {
            var locations = new AttributeLocations(source, identifier, _cancellationToken);
            if (source.AttributeConstructor is null)
            {
                _failed = true; // the compiler reports arguments that match no constructor
                return null;
            }
            if (Is(source, _known.GridAttribute))
            {
                kind = AxisSource.Grid;
                texts = GridValues(parameter, scalar.Value, source, locations);
            }
            else if (Is(source, _known.RangeAttribute))
            {
                kind = AxisSource.Range;
                progression = RangeValues(parameter, scalar.Value, source, locations);
            }
            else
            {
                kind = AxisSource.Replicates;
                progression = ReplicateValues(parameter, scalar.Value, source, locations);
            }
        }
        if (progression is not null)
            return new AxisSpec(parameter.Name, manifestType, typeSyntax, scalar.Value, kind, ImmutableEquatableArray<string>.Empty, progression);
        if (texts is null)
            return null;
        return new AxisSpec(parameter.Name, manifestType, typeSyntax, scalar.Value, kind, texts.ToImmutableEquatableArray());
    }

    private List<string>? AllValues(IParameterSymbol parameter, ScalarKind scalar, Location identifier)
    {
        if (scalar == ScalarKind.Bool)
            return new List<string> { "false", "true" };
        if (scalar == ScalarKind.Enum)
        {
            var members = EnumMembers.Of(parameter.Type);
            if (members.Count == 0)
            {
                Report(DiagnosticDescriptors.EnumHasNoMembers, identifier, parameter.Name, parameter.Type.ToDisplayString());
                return null;
            }
            return members.Select(m => m.Name).ToList();
        }
        Report(DiagnosticDescriptors.ParameterHasNoSource, identifier, parameter.Name, parameter.Type.ToDisplayString());
        return null;
    }

    private ArgumentKind? InjectedKind(ITypeSymbol type)
    {
        if (KnownTypeSymbols.Is(type, _known.ExperimentContext))
            return ArgumentKind.Context;
        if (KnownTypeSymbols.Is(type, _known.CancellationToken))
            return ArgumentKind.CancellationToken;
        return null;
    }

    private bool IsSource(AttributeData attribute) =>
        Is(attribute, _known.GridAttribute) || Is(attribute, _known.RangeAttribute) || Is(attribute, _known.ReplicatesAttribute);

    private static bool Is(AttributeData attribute, INamedTypeSymbol? type) => KnownTypeSymbols.Is(attribute.AttributeClass, type);

    private static string SourceName(AttributeData attribute) => attribute.AttributeClass?.Name is { } name && name.EndsWith("Attribute")
        ? name.Substring(0, name.Length - "Attribute".Length)
        : attribute.AttributeClass?.Name ?? "?";

    private Location SourceLocation(AttributeData attribute, Location fallback) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? fallback;
}
