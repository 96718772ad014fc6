using Experiments.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>Which parameter types can be axes, and how the manifest and generated code name them.</summary>
internal static class ScalarTypes
{
    public static ScalarKind? Classify(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
            return ScalarKind.Enum;
        return FromSpecialType(type.SpecialType);
    }

    public static ScalarKind? FromSpecialType(SpecialType specialType) => specialType switch
    {
        SpecialType.System_Boolean => ScalarKind.Bool,
        SpecialType.System_Char => ScalarKind.Char,
        SpecialType.System_String => ScalarKind.String,
        SpecialType.System_SByte => ScalarKind.SByte,
        SpecialType.System_Byte => ScalarKind.Byte,
        SpecialType.System_Int16 => ScalarKind.Int16,
        SpecialType.System_UInt16 => ScalarKind.UInt16,
        SpecialType.System_Int32 => ScalarKind.Int32,
        SpecialType.System_UInt32 => ScalarKind.UInt32,
        SpecialType.System_Int64 => ScalarKind.Int64,
        SpecialType.System_UInt64 => ScalarKind.UInt64,
        SpecialType.System_Single => ScalarKind.Single,
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Decimal => ScalarKind.Decimal,
        _ => null,
    };

    /// <summary>The C# keyword of a built-in scalar (null for enums).</summary>
    public static string? Keyword(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => "bool",
        ScalarKind.Char => "char",
        ScalarKind.String => "string",
        ScalarKind.SByte => "sbyte",
        ScalarKind.Byte => "byte",
        ScalarKind.Int16 => "short",
        ScalarKind.UInt16 => "ushort",
        ScalarKind.Int32 => "int",
        ScalarKind.UInt32 => "uint",
        ScalarKind.Int64 => "long",
        ScalarKind.UInt64 => "ulong",
        ScalarKind.Single => "float",
        ScalarKind.Double => "double",
        ScalarKind.Decimal => "decimal",
        _ => null,
    };

    public static bool IsIntegral(ScalarKind kind) =>
        kind is ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Int32
            or ScalarKind.UInt32 or ScalarKind.Int64 or ScalarKind.UInt64;

    public static bool IsFloatingPoint(ScalarKind kind) => kind is ScalarKind.Single or ScalarKind.Double;

    public static bool IsNumeric(ScalarKind kind) => IsIntegral(kind) || IsFloatingPoint(kind) || kind == ScalarKind.Decimal;
}
