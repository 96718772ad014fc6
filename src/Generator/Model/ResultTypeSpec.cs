namespace Experiments.Generator.Model;

/// <summary>How a result type is written as JSON.</summary>
internal enum ResultShape
{
    /// <summary>A number, string, bool or other value written by one Utf8JsonWriter call (<see cref="PrimitiveKind"/>).</summary>
    Primitive,

    /// <summary>An enum, written as its member name.</summary>
    Enum,

    /// <summary><c>Nullable&lt;T&gt;</c>: null or the underlying value.</summary>
    Nullable,

    /// <summary>An array or other <c>IEnumerable&lt;T&gt;</c>: a JSON array.</summary>
    Sequence,

    /// <summary>A dictionary with string or primitive keys: a JSON object.</summary>
    Dictionary,

    /// <summary>A class, struct, record or tuple: a JSON object of its public properties (tuple: its elements).</summary>
    Object,

    /// <summary>Not writable statically (object, interface, abstract class): System.Text.Json's JsonSerializer at run time.</summary>
    Serializer,
}

/// <summary>Types that one Utf8JsonWriter call writes, matching System.Text.Json's own converters.</summary>
internal enum PrimitiveKind
{
    None,
    Bool,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Half,
    Int128,
    UInt128,
    Char,
    String,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Guid,
    Uri,
    Version,
}

/// <summary>One property of an <see cref="ResultShape.Object"/> result type.</summary>
/// <param name="JsonName">The JSON property name (camelCase, or its [JsonPropertyName]).</param>
/// <param name="MemberName">The C# member as generated code accesses it (escaped identifier).</param>
/// <param name="TypeId">The <see cref="ResultTypeSpec.Id"/> of the property's type.</param>
internal sealed record ResultPropertySpec(string JsonName, string MemberName, string TypeId);

/// <summary>
/// One type in a result's type graph. Types refer to each other by <see cref="Id"/> rather than by nesting, so
/// recursive types (a tree node with a list of nodes) are a finite graph.
/// </summary>
/// <param name="Id">The type as generated code writes it (global::-qualified, nested nullable annotations kept, the
/// top-level one dropped); equal ids are one type and share one writer.</param>
/// <param name="FriendlyName">A readable identifier fragment for the writer's name (<c>Outcome</c>, <c>ListOfDouble</c>).</param>
/// <param name="IsReferenceType">Whether a value can be null (the writer checks).</param>
/// <param name="ElementTypeId">Nullable: the underlying type; Sequence: the element type; Dictionary: the value type.</param>
/// <param name="KeyTypeId">Dictionary: the key type (a primitive or enum).</param>
/// <param name="Properties">Object: the properties in the order written.</param>
/// <param name="EnumMembers">Enum: the member names, one per distinct value, in declaration order.</param>
/// <param name="EnumerateAs">Sequence or Dictionary: the IEnumerable&lt;T&gt; to enumerate through, when `foreach` over
/// the type itself would not yield T (an interface, or an explicit interface implementation); null otherwise.</param>
internal sealed record ResultTypeSpec(
    string Id,
    string FriendlyName,
    ResultShape Shape,
    bool IsReferenceType,
    PrimitiveKind Primitive,
    string? ElementTypeId,
    string? KeyTypeId,
    ImmutableEquatableArray<ResultPropertySpec> Properties,
    ImmutableEquatableArray<string> EnumMembers,
    string? EnumerateAs = null);
