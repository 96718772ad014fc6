namespace Experiments.Generator.Model;

/// <summary>The C# type of an axis: what its values can be and how they are written as literals.</summary>
internal enum ScalarKind
{
    Bool,
    Char,
    String,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Enum,
}
