using System.Text.Json;

namespace Experiments.Tool.Export;

/// <summary>The type of an exported column, as Parquet stores it and CSV writes it. Every column may hold nulls.</summary>
public enum ExportColumnType
{
    Bool,
    Int,
    Long,
    Double,
    String,
}

/// <summary>Column types from values: the narrowest type that holds every value a column has.</summary>
public static class ExportColumnTypes
{
    /// <summary>The type of one JSON scalar; null for a JSON null (it fits any column).</summary>
    public static ExportColumnType? Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => ExportColumnType.Bool,
        JsonValueKind.Number when value.TryGetInt32(out _) => ExportColumnType.Int,
        JsonValueKind.Number when value.TryGetInt64(out _) => ExportColumnType.Long,
        JsonValueKind.Number => ExportColumnType.Double,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => ExportColumnType.String,
    };

    /// <summary>
    /// The type that holds both: integers widen to long and then to double (a result that is a whole number in some
    /// points and not in others is a double); anything else mixed becomes text.
    /// </summary>
    public static ExportColumnType Widen(ExportColumnType? a, ExportColumnType b)
    {
        if (a is not { } known || known == b)
            return b;
        static int Rank(ExportColumnType t) => t switch
        {
            ExportColumnType.Int => 1,
            ExportColumnType.Long => 2,
            ExportColumnType.Double => 3,
            _ => 0,
        };
        var (ra, rb) = (Rank(known), Rank(b));
        return ra > 0 && rb > 0 ? (ra > rb ? known : b) : ExportColumnType.String;
    }

    /// <summary>The type of an axis from the manifest's C# type name.</summary>
    public static ExportColumnType OfAxis(string typeName) => typeName switch
    {
        "bool" => ExportColumnType.Bool,
        "int" or "short" or "byte" or "sbyte" or "ushort" => ExportColumnType.Int,
        "long" or "uint" => ExportColumnType.Long,
        "double" or "float" => ExportColumnType.Double,
        _ => ExportColumnType.String, // string, char, enums, decimal (kept exact as text), ulong
    };

    /// <summary>A JSON value as a value of a column of <paramref name="type"/>: bool, int, long, double, string or null.</summary>
    public static object? Convert(JsonElement value, ExportColumnType type) => (type, value.ValueKind) switch
    {
        (_, JsonValueKind.Null or JsonValueKind.Undefined) => null,
        (ExportColumnType.Bool, JsonValueKind.True) => true,
        (ExportColumnType.Bool, JsonValueKind.False) => false,
        (ExportColumnType.Int, JsonValueKind.Number) when value.TryGetInt32(out var i) => i,
        (ExportColumnType.Long, JsonValueKind.Number) when value.TryGetInt64(out var l) => l,
        (ExportColumnType.Double, JsonValueKind.Number) => value.GetDouble(),
        (ExportColumnType.String, JsonValueKind.String) => value.GetString(),
        (ExportColumnType.String, _) => value.GetRawText(),
        _ => null, // a value that does not fit its column (an axis whose type changed): unknown rather than wrong
    };
}
