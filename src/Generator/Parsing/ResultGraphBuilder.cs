using System.Collections.Generic;
using System.Linq;
using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Walks a result type and the types it reaches (properties, elements, dictionary values) into the graph of
/// <see cref="ResultTypeSpec"/>s the emitter writes Utf8JsonWriter code from. Notes every place that can only be written
/// by reflection (object, interfaces, abstract classes) and every type that has no JSON form at all (delegates, tasks).
/// </summary>
internal sealed class ResultGraphBuilder
{
    private readonly KnownTypeSymbols _known;
    private readonly Dictionary<string, ResultTypeSpec?> _specs = new();
    private readonly List<string> _order = new();

    public ResultGraphBuilder(KnownTypeSymbols known) => _known = known;

    /// <summary>Types written by the JsonSerializer fallback: (type as the user wrote it, where in the result).</summary>
    public List<(string Type, string Path)> ReflectionFallbacks { get; } = new();

    /// <summary>Types that cannot be results at all: (type, where, why).</summary>
    public List<(string Type, string Path, string Reason)> Unsupported { get; } = new();

    public ImmutableEquatableArray<ResultTypeSpec> Types => _order.Select(id => _specs[id]!).ToImmutableEquatableArray();

    /// <summary>Adds a type (and everything it reaches) and returns its id.</summary>
    public string Add(ITypeSymbol type, string path)
    {
        if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        var id = TypeNames.Code(type);
        if (_specs.ContainsKey(id))
            return id;
        _specs[id] = null; // reserved: a recursive reference finds the id and stops
        _order.Add(id);
        _specs[id] = Describe(type, id, path);
        return id;
    }

    private ResultTypeSpec Describe(ITypeSymbol type, string id, string path)
    {
        var primitive = PrimitiveOf(type);
        if (primitive != PrimitiveKind.None)
            return Spec(type, id, ResultShape.Primitive, primitive);

        if (Unwritable(type) is { } reason)
        {
            Unsupported.Add((type.ToDisplayString(), path, reason));
            return Spec(type, id, ResultShape.Serializer);
        }

        if (type.TypeKind == TypeKind.Enum)
            return Spec(type, id, ResultShape.Enum) with { EnumMembers = EnumMembers.Of(type).Select(m => m.Name).ToImmutableEquatableArray() };

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            return Spec(type, id, ResultShape.Nullable) with { ElementTypeId = Add(nullable.TypeArguments[0], path) };

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
                return Fallback(type, id, path);
            return Spec(type, id, ResultShape.Sequence) with { ElementTypeId = Add(array.ElementType, path + "[]") };
        }

        if (DictionaryTypes(type) is { } kv)
        {
            var key = PrimitiveOf(kv.Key);
            if (kv.Key.TypeKind != TypeKind.Enum && !IsKeyPrimitive(key))
                return Fallback(type, id, path);
            return Spec(type, id, ResultShape.Dictionary) with
            {
                KeyTypeId = Add(kv.Key, path + "{key}"),
                ElementTypeId = Add(kv.Value, path + "{}"),
                EnumerateAs = EnumeratesDirectly(type, kv.Pair) ? null : TypeNames.Code(kv.Enumerable),
            };
        }

        if (EnumerableElement(type) is { } element)
        {
            return Spec(type, id, ResultShape.Sequence) with
            {
                ElementTypeId = Add(element, path + "[]"),
                EnumerateAs = EnumeratesDirectly(type, element) ? null : TypeNames.Code(EnumerableInterface(type)!),
            };
        }

        if (type.SpecialType == SpecialType.System_Object || type.TypeKind is TypeKind.Interface or TypeKind.Dynamic
            || type.TypeKind == TypeKind.TypeParameter || type.IsAbstract)
        {
            return Fallback(type, id, path);
        }

        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = tuple.TupleElements.Select(e => new ResultPropertySpec(
                CamelCase.Convert(e.Name), e.CorrespondingTupleField?.Name ?? e.Name, Add(e.Type, Join(path, e.Name))));
            return Spec(type, id, ResultShape.Object) with { Properties = elements.ToImmutableEquatableArray() };
        }

        var properties = ResultProperties.Of(type, _known)
            .Select(p => new ResultPropertySpec(p.JsonName, TypeNames.Identifier(p.Property.Name), Add(p.Property.Type, Join(path, p.JsonName))));
        return Spec(type, id, ResultShape.Object) with { Properties = properties.ToImmutableEquatableArray() };
    }

    private ResultTypeSpec Fallback(ITypeSymbol type, string id, string path)
    {
        ReflectionFallbacks.Add((type.ToDisplayString(), path));
        return Spec(type, id, ResultShape.Serializer);
    }

    private static ResultTypeSpec Spec(ITypeSymbol type, string id, ResultShape shape, PrimitiveKind primitive = PrimitiveKind.None) =>
        new(id, TypeNames.Friendly(type), shape, type.IsReferenceType, primitive, null, null,
            ImmutableEquatableArray<ResultPropertySpec>.Empty, ImmutableEquatableArray<string>.Empty);

    private static string Join(string path, string member) => path.Length == 0 ? member : path + "." + member;

    private string? Unwritable(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            return "a pointer has no JSON form";
        if (type.TypeKind == TypeKind.Delegate || type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
            return "a delegate has no JSON form";
        if (type.IsRefLikeType)
            return "a ref struct cannot be stored; return an array or a list";
        if (KnownTypeSymbols.Is(type, _known.Task) || KnownTypeSymbols.Is(type, _known.ValueTask)
            || KnownTypeSymbols.IsConstructedFrom(type, _known.TaskOfT) || KnownTypeSymbols.IsConstructedFrom(type, _known.ValueTaskOfT))
        {
            return "a task is not a value; await it and return its result";
        }
        if (KnownTypeSymbols.IsConstructedFrom(type, _known.IAsyncEnumerableOfT))
            return "an async stream is not a value; collect it into a list and return that";
        if (KnownTypeSymbols.Is(type, _known.Type) || type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr)
            return "it has no JSON form";
        return null;
    }

    private PrimitiveKind PrimitiveOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return PrimitiveKind.Bool;
            case SpecialType.System_Byte: return PrimitiveKind.Byte;
            case SpecialType.System_SByte: return PrimitiveKind.SByte;
            case SpecialType.System_Int16: return PrimitiveKind.Int16;
            case SpecialType.System_UInt16: return PrimitiveKind.UInt16;
            case SpecialType.System_Int32: return PrimitiveKind.Int32;
            case SpecialType.System_UInt32: return PrimitiveKind.UInt32;
            case SpecialType.System_Int64: return PrimitiveKind.Int64;
            case SpecialType.System_UInt64: return PrimitiveKind.UInt64;
            case SpecialType.System_Single: return PrimitiveKind.Single;
            case SpecialType.System_Double: return PrimitiveKind.Double;
            case SpecialType.System_Decimal: return PrimitiveKind.Decimal;
            case SpecialType.System_Char: return PrimitiveKind.Char;
            case SpecialType.System_String: return PrimitiveKind.String;
            case SpecialType.System_DateTime: return PrimitiveKind.DateTime;
        }
        if (KnownTypeSymbols.Is(type, _known.DateTimeOffset)) return PrimitiveKind.DateTimeOffset;
        if (KnownTypeSymbols.Is(type, _known.DateOnly)) return PrimitiveKind.DateOnly;
        if (KnownTypeSymbols.Is(type, _known.TimeOnly)) return PrimitiveKind.TimeOnly;
        if (KnownTypeSymbols.Is(type, _known.TimeSpan)) return PrimitiveKind.TimeSpan;
        if (KnownTypeSymbols.Is(type, _known.Guid)) return PrimitiveKind.Guid;
        if (KnownTypeSymbols.Is(type, _known.Half)) return PrimitiveKind.Half;
        if (KnownTypeSymbols.Is(type, _known.Int128)) return PrimitiveKind.Int128;
        if (KnownTypeSymbols.Is(type, _known.UInt128)) return PrimitiveKind.UInt128;
        if (KnownTypeSymbols.Is(type, _known.Uri)) return PrimitiveKind.Uri;
        if (KnownTypeSymbols.Is(type, _known.Version)) return PrimitiveKind.Version;
        return PrimitiveKind.None;
    }

    /// <summary>Keys a JSON object can carry as property names without ambiguity.</summary>
    private static bool IsKeyPrimitive(PrimitiveKind kind) => kind is PrimitiveKind.String or PrimitiveKind.Char or PrimitiveKind.Bool
        or PrimitiveKind.Byte or PrimitiveKind.SByte or PrimitiveKind.Int16 or PrimitiveKind.UInt16 or PrimitiveKind.Int32
        or PrimitiveKind.UInt32 or PrimitiveKind.Int64 or PrimitiveKind.UInt64 or PrimitiveKind.Single or PrimitiveKind.Double
        or PrimitiveKind.Decimal or PrimitiveKind.Guid;

    /// <summary>(TKey, TValue) when the type is or implements IDictionary or IReadOnlyDictionary, as System.Text.Json decides.</summary>
    private (ITypeSymbol Key, ITypeSymbol Value, ITypeSymbol Pair, ITypeSymbol Enumerable)? DictionaryTypes(ITypeSymbol type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (KnownTypeSymbols.IsConstructedFrom(candidate, _known.IDictionaryOfTKeyTValue)
                || KnownTypeSymbols.IsConstructedFrom(candidate, _known.IReadOnlyDictionaryOfTKeyTValue))
            {
                var args = ((INamedTypeSymbol)candidate).TypeArguments;
                var enumerable = EnumerableInterface(candidate);
                return enumerable is null ? null : (args[0], args[1], ((INamedTypeSymbol)enumerable).TypeArguments[0], enumerable);
            }
        }
        return null;
    }

    /// <summary>Whether `foreach` over the type itself yields <paramref name="element"/> (its public GetEnumerator()'s Current).</summary>
    private static bool EnumeratesDirectly(ITypeSymbol type, ITypeSymbol element)
    {
        if (type is IArrayTypeSymbol)
            return true;
        if (type.TypeKind == TypeKind.Interface)
            return false; // the cast to IEnumerable<T> costs nothing and avoids interface member lookup rules
        for (var t = type; t is not null; t = t.BaseType)
        {
            var getEnumerator = t.GetMembers("GetEnumerator").OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.Parameters.IsEmpty && !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public);
            if (getEnumerator is null)
                continue;
            var current = AllMembers(getEnumerator.ReturnType, "Current").OfType<IPropertySymbol>().FirstOrDefault();
            return current is not null && SymbolEqualityComparer.Default.Equals(current.Type, element);
        }
        return false;
    }

    private static IEnumerable<ISymbol> AllMembers(ITypeSymbol type, string name) =>
        new[] { type }.Concat(type.AllInterfaces).SelectMany(t => t.GetMembers(name));

    /// <summary>T when the type is or implements exactly one IEnumerable&lt;T&gt;.</summary>
    private ITypeSymbol? EnumerableElement(ITypeSymbol type) =>
        (EnumerableInterface(type) as INamedTypeSymbol)?.TypeArguments[0];

    /// <summary>The one IEnumerable&lt;T&gt; the type is or implements, or null when none or several.</summary>
    private ITypeSymbol? EnumerableInterface(ITypeSymbol type)
    {
        var interfaces = SelfAndInterfaces(type)
            .Where(t => KnownTypeSymbols.IsConstructedFrom(t, _known.IEnumerableOfT))
            .Distinct<ITypeSymbol>(SymbolEqualityComparer.Default)
            .ToList();
        return interfaces.Count == 1 ? interfaces[0] : null;
    }

    private static IEnumerable<ITypeSymbol> SelfAndInterfaces(ITypeSymbol type) => new[] { type }.Concat(type.AllInterfaces);
}
