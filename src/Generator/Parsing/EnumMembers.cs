using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>An enum's members in declaration order, one per distinct value (the first name wins, as for all-values axes).</summary>
internal static class EnumMembers
{
    public static IReadOnlyList<IFieldSymbol> Of(ITypeSymbol enumType)
    {
        var seen = new HashSet<object>();
        return enumType.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.HasConstantValue && f.ConstantValue is not null && seen.Add(f.ConstantValue))
            .ToList();
    }

    /// <summary>The member with this underlying value, or null when none is declared.</summary>
    public static IFieldSymbol? WithValue(ITypeSymbol enumType, object value) =>
        Of(enumType).FirstOrDefault(f => Equals(f.ConstantValue, value));
}
