using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>
/// The properties of a class or struct result that System.Text.Json would write by default: public, instance,
/// readable, not indexers, not [JsonIgnore]; base class properties first; a property redeclared in a derived class
/// written once, at its base position, through the derived declaration.
/// </summary>
internal static class ResultProperties
{
    public static IReadOnlyList<(IPropertySymbol Property, string JsonName)> Of(ITypeSymbol type, KnownTypeSymbols known)
    {
        var levels = new List<ITypeSymbol>();
        for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
            levels.Add(t);

        var mostDerived = new Dictionary<string, IPropertySymbol>();
        foreach (var level in levels)
        {
            foreach (var property in Readable(level))
            {
                if (!mostDerived.ContainsKey(property.Name))
                    mostDerived[property.Name] = property;
            }
        }

        var result = new List<(IPropertySymbol, string)>();
        var written = new HashSet<string>();
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            foreach (var property in Readable(levels[i]))
            {
                if (!written.Add(property.Name))
                    continue;
                var chosen = mostDerived[property.Name];
                if (IsIgnored(chosen, known))
                    continue;
                result.Add((chosen, JsonName(chosen, known)));
            }
        }
        return result;
    }

    private static IEnumerable<IPropertySymbol> Readable(ITypeSymbol type) => type.GetMembers()
        .OfType<IPropertySymbol>()
        .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public
                    && p.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                    && p.ExplicitInterfaceImplementations.IsEmpty);

    private static bool IsIgnored(IPropertySymbol property, KnownTypeSymbols known)
    {
        var ignore = property.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.JsonIgnoreAttribute));
        if (ignore is null)
            return false;
        // [JsonIgnore] alone means Always (1); conditional forms are written, as they depend on the value.
        var condition = ignore.NamedArguments.FirstOrDefault(n => n.Key == "Condition").Value;
        return condition.Value is null || condition.Value is 1;
    }

    private static string JsonName(IPropertySymbol property, KnownTypeSymbols known)
    {
        var attribute = property.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.JsonPropertyNameAttribute));
        return attribute?.ConstructorArguments.FirstOrDefault().Value as string ?? CamelCase.Convert(property.Name);
    }
}
