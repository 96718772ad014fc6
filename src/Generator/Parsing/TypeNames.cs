using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Generator.Parsing;

/// <summary>The names of types and members as the manifest, the registry and generated code need them.</summary>
internal static class TypeNames
{
    /// <summary>global::-qualified, with nullable annotations inside generic arguments kept (so generated code that passes
    /// a <c>List&lt;string?&gt;</c> on compiles without nullability warnings).</summary>
    public static readonly SymbolDisplayFormat CodeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as generated code writes it: global::-qualified.</summary>
    public static string Code(ITypeSymbol type) => type.ToDisplayString(CodeFormat);

    /// <summary><c>Type.FullName</c> of a non-generic named type: namespace, then containing types joined with '+'.</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.MetadataName);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name.Insert(0, outer.MetadataName + "+");
        var ns = type.ContainingNamespace;
        if (ns is { IsGlobalNamespace: false })
            name.Insert(0, ns.ToDisplayString() + ".");
        return name.ToString();
    }

    /// <summary>The default experiment name's type part: namespace and containing types joined with '.'.</summary>
    public static string DottedName(INamedTypeSymbol type) => FullName(type).Replace('+', '.');

    /// <summary>An identifier as C# source writes it: '@' before a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>A readable name fragment for a writer method: Outcome, ListOfDouble, ArrayOfOutcome, NullableOfInt32.</summary>
    public static string Friendly(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => "ArrayOf" + Friendly(array.ElementType),
        INamedTypeSymbol { IsTupleType: true } tuple => "TupleOf" + string.Join("And", tuple.TupleElements.Select(e => Friendly(e.Type))),
        INamedTypeSymbol { IsGenericType: true } generic when generic.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            => "NullableOf" + Friendly(generic.TypeArguments[0]),
        INamedTypeSymbol { IsGenericType: true } generic => generic.Name + "Of" + string.Join("And", generic.TypeArguments.Select(Friendly)),
        _ => type.Name.Length == 0 ? "Value" : type.Name,
    };
}
