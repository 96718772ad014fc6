using System.Linq;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Experiments.Generator.Parsing;

internal sealed partial class ExperimentParser
{
    /// <summary>How the result is obtained (direct or awaited) and the type graph of the value to record.</summary>
    private (ReturnKind Kind, string? ResultTypeId, ImmutableEquatableArray<ResultTypeSpec> Types) ReadResult(IMethodSymbol method, SyntaxNode node)
    {
        var none = ImmutableEquatableArray<ResultTypeSpec>.Empty;
        var returnTypeLocation = (node as MethodDeclarationSyntax)?.ReturnType.GetLocation() ?? IdentifierLocation(node);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, returnTypeLocation, method.Name, method.ReturnType.ToDisplayString(),
                "it returns by reference; return the value");
            return (ReturnKind.Void, null, none);
        }
        if (method.ReturnsVoid)
            return (ReturnKind.Void, null, none);

        var returnType = method.ReturnType;
        if (returnType.TypeKind == TypeKind.Error)
        {
            _failed = true;
            return (ReturnKind.Void, null, none);
        }
        if (KnownTypeSymbols.Is(returnType, _known.Task))
            return (ReturnKind.Task, null, none);
        if (KnownTypeSymbols.Is(returnType, _known.ValueTask))
            return (ReturnKind.ValueTask, null, none);

        var kind = ReturnKind.Value;
        var resultType = returnType;
        if (KnownTypeSymbols.IsConstructedFrom(returnType, _known.TaskOfT))
            (kind, resultType) = (ReturnKind.TaskOfValue, ((INamedTypeSymbol)returnType).TypeArguments[0]);
        else if (KnownTypeSymbols.IsConstructedFrom(returnType, _known.ValueTaskOfT))
            (kind, resultType) = (ReturnKind.ValueTaskOfValue, ((INamedTypeSymbol)returnType).TypeArguments[0]);

        var graph = new ResultGraphBuilder(_known);
        var rootId = graph.Add(resultType, "");
        foreach (var (type, path, reason) in graph.Unsupported.Take(1))
        {
            var where = path.Length == 0 ? "" : $" (at '{path}')";
            Report(DiagnosticDescriptors.UnsupportedReturnType, returnTypeLocation, method.Name, method.ReturnType.ToDisplayString(),
                (path.Length == 0 ? "" : $"it contains '{type}'{where}: ") + reason);
        }
        foreach (var (type, path) in graph.ReflectionFallbacks)
        {
            Report(DiagnosticDescriptors.ResultUsesReflection, returnTypeLocation, method.Name, type,
                path.Length == 0 ? "" : $" at '{path}'");
        }
        return (kind, rootId, graph.Types);
    }
}
