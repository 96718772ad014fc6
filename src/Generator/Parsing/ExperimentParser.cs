using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Turns one [Experiment] method into an <see cref="ExperimentSpec"/> and diagnostics. It checks everything it can
/// before giving up, so one build shows every mistake in a method; any error means no spec (the method is skipped),
/// and it never throws on bad code. Split by concern: the method and its class here, then parameters, values,
/// resources and the result in the other parts.
/// </summary>
internal sealed partial class ExperimentParser
{
    /// <summary>At most this many values per axis: the values are compiled into the assembly and listed in the manifest.</summary>
    public const int MaxAxisValues = 1_000_000;

    private readonly KnownTypeSymbols _known;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Diagnostic> _diagnostics = new();
    private bool _failed;
    private string? _resultsFile;

    private ExperimentParser(KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        _known = known;
        _cancellationToken = cancellationToken;
    }

    public static ParseResult Parse(
        GeneratorAttributeSyntaxContext context, KnownTypeSymbols known, string? projectDirectory, CancellationToken cancellationToken)
    {
        return InvariantCulture.Run(() => new ExperimentParser(known, cancellationToken).ParseMethod(context, projectDirectory));
    }

    private ParseResult ParseMethod(GeneratorAttributeSyntaxContext context, string? projectDirectory)
    {
        var nameLocation = IdentifierLocation(context.TargetNode);
        var display = context.TargetSymbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        try
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.IsEmpty)
                return Result(null, null, nameLocation, display);
            var attribute = context.Attributes[0];
            if (attribute.AttributeClass is null or { TypeKind: TypeKind.Error } || attribute.AttributeConstructor is null)
                return Result(null, null, nameLocation, display); // the compiler reports the attribute's own errors

            if (method.MethodKind != MethodKind.Ordinary)
            {
                Report(DiagnosticDescriptors.NotAnOrdinaryMethod, nameLocation, DescribeKind(method));
                return Result(null, null, nameLocation, display);
            }

            if (context.TargetNode is MethodDeclarationSyntax { ParameterList.ContainsDiagnostics: true })
                return Result(null, null, nameLocation, display); // the compiler reports the syntax errors; guessing would add noise

            var attributeLocations = new AttributeLocations(attribute, nameLocation, _cancellationToken);
            CheckDeclaration(method, nameLocation);
            _resultsFile = ResultsFiles.PathOf(TypeNames.FullName(method.ContainingType), method.Name, context.TargetNode.SyntaxTree.FilePath);
            var (name, explicitNameLocation) = ReadName(method, attribute, attributeLocations);
            var resources = ReadResources(attribute, attributeLocations);
            var isExplicit = ReadBool(attribute, "Explicit") ?? true;
            var (axes, arguments) = ReadParameters(method);
            var (returnKind, resultTypeId, resultTypes) = ReadResult(method, context.TargetNode);
            var pointCount = CountPoints(method, axes, nameLocation);
            var reportedName = explicitNameLocation ?? nameLocation;

            if (_failed)
                return Result(null, name, reportedName, display);

            var type = method.ContainingType;
            var spec = new ExperimentSpec(
                name,
                TypeNames.FullName(type),
                TypeNames.Code(type),
                method.Name,
                TypeNames.Identifier(method.Name),
                method.IsStatic,
                method.IsStatic ? InstanceDisposal.None : DisposalOf(type),
                SourcePaths.Relative(context.TargetNode.SyntaxTree.FilePath, projectDirectory),
                isExplicit,
                axes.ToImmutableEquatableArray(),
                arguments.ToImmutableEquatableArray(),
                pointCount,
                returnKind,
                resultTypeId,
                resultTypes,
                resources);
            return Result(spec, name, reportedName, display);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug here must not take every other experiment's generated code down with it.
            _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, nameLocation, display, e.GetType().Name + ": " + e.Message));
            return Result(null, null, nameLocation, display, failed: true);
        }
    }

    private ParseResult Result(ExperimentSpec? spec, string? name, Location nameLocation, string display, bool failed = false) =>
        new(failed ? null : spec, _diagnostics.ToImmutableArray(), name, nameLocation, display, _resultsFile);

    private void CheckDeclaration(IMethodSymbol method, Location location)
    {
        var display = method.Name;
        var type = method.ContainingType;

        if (type.TypeKind != TypeKind.Class)
        {
            var kind = type.TypeKind switch
            {
                TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => type.TypeKind.ToString().ToLowerInvariant(),
            };
            Report(DiagnosticDescriptors.TypeNotClass, location, display, kind, type.Name);
        }
        else
        {
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    Report(DiagnosticDescriptors.TypeIsGeneric, location, display, t.ToDisplayString());
                    break;
                }
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.DeclaredAccessibility != Accessibility.Public)
                {
                    Report(DiagnosticDescriptors.TypeNotPublic, location, display, t.ToDisplayString(), AccessibilityText(t.DeclaredAccessibility));
                    break;
                }
            }
            if (type.IsAbstract && !type.IsStatic)
                Report(DiagnosticDescriptors.TypeIsAbstract, location, display, type.ToDisplayString());
            else if (!method.IsStatic && !type.IsStatic && !HasPublicParameterlessConstructor(type))
                Report(DiagnosticDescriptors.NoParameterlessConstructor, location, display, type.ToDisplayString());
        }

        if (method.DeclaredAccessibility != Accessibility.Public)
            Report(DiagnosticDescriptors.MethodNotPublic, location, display, AccessibilityText(method.DeclaredAccessibility));
        if (method.IsGenericMethod)
            Report(DiagnosticDescriptors.MethodIsGeneric, location, display);
        if (method.IsAsync && method.ReturnsVoid)
            Report(DiagnosticDescriptors.AsyncVoid, location, display);
    }

    private static bool HasPublicParameterlessConstructor(INamedTypeSymbol type) =>
        type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.All(p => p.IsOptional || p.IsParams));

    private InstanceDisposal DisposalOf(INamedTypeSymbol type)
    {
        if (_known.IAsyncDisposable is not null && type.AllInterfaces.Contains(_known.IAsyncDisposable, SymbolEqualityComparer.Default))
            return InstanceDisposal.DisposeAsync;
        return type.AllInterfaces.Contains(_known.IDisposable, SymbolEqualityComparer.Default) ? InstanceDisposal.Dispose : InstanceDisposal.None;
    }

    private (string Name, Location? Location) ReadName(IMethodSymbol method, AttributeData attribute, AttributeLocations locations)
    {
        var defaultName = TypeNames.DottedName(method.ContainingType) + "." + method.Name;
        var named = attribute.NamedArguments.FirstOrDefault(n => n.Key == "Name");
        if (named.Key is null || named.Value.Value is not string name)
            return (defaultName, null);
        var location = locations.Named("Name");
        if (NameProblem(name) is { } problem)
            Report(DiagnosticDescriptors.InvalidName, location, name, problem);
        return (name, location);
    }

    /// <summary>Why a name cannot be used, or null. Names appear on command lines, in file names and in keys.</summary>
    internal static string? NameProblem(string name)
    {
        if (name.Length == 0)
            return "it is empty";
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '-'))
                return char.IsWhiteSpace(c) ? "it contains white space" : $"it contains '{c}'";
        }
        if (name[0] is '.' or '-' || name[name.Length - 1] == '.')
            return "it starts with '.' or '-', or ends with '.'";
        return null;
    }

    private long CountPoints(IMethodSymbol method, IReadOnlyList<AxisSpec> axes, Location location)
    {
        long count = 1;
        try
        {
            foreach (var axis in axes)
                count = checked(count * axis.Count);
        }
        catch (OverflowException)
        {
            var product = string.Join(" × ", axes.Select(a => a.Count.ToString(CultureInfo.InvariantCulture)));
            Report(DiagnosticDescriptors.GridTooLarge, location, method.Name, product);
        }
        return count;
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object?[] args)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            _failed = true;
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));
    }

    private static bool? ReadBool(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(n => n.Key == name).Value.Value as bool?;

    private static Location IdentifierLocation(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => m.Identifier.GetLocation(),
        LocalFunctionStatementSyntax f => f.Identifier.GetLocation(),
        _ => node.GetLocation(),
    };

    private static string DescribeKind(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.LocalFunction => $"local function '{method.Name}'",
        MethodKind.AnonymousFunction => "a lambda",
        MethodKind.PropertyGet or MethodKind.PropertySet => $"property accessor '{method.Name}'",
        MethodKind.UserDefinedOperator or MethodKind.Conversion => $"operator '{method.Name}'",
        MethodKind.Constructor or MethodKind.StaticConstructor => "a constructor",
        _ => $"'{method.Name}', which is not an ordinary method",
    };

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not public",
    };
}
