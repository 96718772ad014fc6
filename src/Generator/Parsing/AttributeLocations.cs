using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Finds the syntax of an attribute and its arguments, so a diagnostic points at the offending value rather than at
/// the whole method. Falls back to the attribute, then to the given location, when the syntax has another shape.
/// </summary>
internal sealed class AttributeLocations
{
    private readonly AttributeSyntax? _syntax;
    private readonly Location _fallback;

    public AttributeLocations(AttributeData attribute, Location fallback, System.Threading.CancellationToken cancellationToken)
    {
        _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        _fallback = fallback;
    }

    /// <summary>The whole attribute, e.g. <c>Grid()</c>.</summary>
    public Location Attribute => _syntax?.GetLocation() ?? _fallback;

    /// <summary>The value of a named argument (<c>Timeout = "5m"</c> → <c>"5m"</c>).</summary>
    public Location Named(string name)
    {
        var argument = _syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument?.Expression.GetLocation() ?? Attribute;
    }

    /// <summary>A constructor argument, matched by name (<c>step: 0.1</c>) or by position among the unnamed ones.</summary>
    public Location Constructor(int position, string parameterName)
    {
        var arguments = _syntax?.ArgumentList?.Arguments;
        if (arguments is null)
            return Attribute;
        var named = arguments.Value.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
        if (named is not null)
            return named.Expression.GetLocation();
        var positional = arguments.Value.Where(a => a.NameColon is null && a.NameEquals is null).ToList();
        return position < positional.Count ? positional[position].Expression.GetLocation() : Attribute;
    }

    /// <summary>
    /// Element <paramref name="index"/> of a params array of <paramref name="count"/> values: the index-th argument in
    /// the expanded form (<c>Grid(1, 2)</c>), or the index-th element of an array written out (<c>Grid(new object[] { 1, 2 })</c>).
    /// </summary>
    public Location ParamsElement(int index, int count)
    {
        var arguments = _syntax?.ArgumentList?.Arguments;
        if (arguments is null)
            return Attribute;
        var positional = arguments.Value.Where(a => a.NameEquals is null).ToList();
        if (positional.Count == count && index < count)
            return positional[index].Expression.GetLocation();
        if (positional.Count == 1)
        {
            var elements = positional[0].Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Cast<SyntaxNode>().ToList(),
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Cast<SyntaxNode>().ToList(),
                CollectionExpressionSyntax collection => collection.Elements.Cast<SyntaxNode>().ToList(),
                _ => null,
            };
            if (elements is not null && elements.Count == count && index < count)
                return elements[index].GetLocation();
            return positional[0].Expression.GetLocation();
        }
        return Attribute;
    }

    /// <summary>The source text at a location, for messages ("1.5", "\"x\"").</summary>
    public static string TextAt(Location location, string fallback) =>
        location.SourceTree?.GetText().ToString(location.SourceSpan) is { Length: > 0 } text ? text : fallback;
}
