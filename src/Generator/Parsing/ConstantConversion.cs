using System;
using System.Globalization;
using Experiments.Generator.Model;
using Experiments.Points;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Converts a [Grid] constant to the parameter's type, as C# would convert it implicitly: widening numeric conversions,
/// an int constant to a smaller integral type when it fits, and nothing that narrows. Two additions: a conversion must
/// be exact (16777217 is not a float), and a double becomes a decimal through its shortest text (0.1 → 0.1m), because
/// C# cannot write a decimal in an attribute.
/// </summary>
internal static class ConstantConversion
{
    /// <summary>The converted value, boxed as the target type (double, int, decimal, string, …), or a reason it cannot be.</summary>
    public static bool TryConvert(object value, SpecialType source, ScalarKind target, out object converted, out string reason)
    {
        converted = value;
        reason = "";
        var sourceKind = ScalarTypes.FromSpecialType(source);
        if (sourceKind is null)
        {
            reason = "it is not a constant of a supported type";
            return false;
        }
        var from = sourceKind.Value;
        if (from == target)
            return true;

        switch (target)
        {
            case ScalarKind.String:
                reason = from == ScalarKind.Char ? "write a string in double quotes, like \"a\"" : $"a {Keyword(from)} is not a string; write it in double quotes";
                return false;
            case ScalarKind.Char:
                reason = from == ScalarKind.String ? "write a char in single quotes, like 'a'" : $"a {Keyword(from)} is not a char";
                return false;
            case ScalarKind.Bool:
                reason = $"a {Keyword(from)} is not a bool; write true or false";
                return false;
        }

        if (!ScalarTypes.IsNumeric(from) && from != ScalarKind.Char)
        {
            reason = $"a {Keyword(from)} is not a number";
            return false;
        }

        if (ScalarTypes.IsIntegral(target))
            return TryToIntegral(value, from, target, out converted, out reason);
        return target switch
        {
            ScalarKind.Single => TryToSingle(value, from, out converted, out reason),
            ScalarKind.Double => TryToDouble(value, from, out converted, out reason),
            _ => TryToDecimal(value, from, out converted, out reason),
        };
    }

    private static bool TryToIntegral(object value, ScalarKind from, ScalarKind target, out object converted, out string reason)
    {
        converted = value;
        if (ScalarTypes.IsFloatingPoint(from) || from == ScalarKind.Decimal)
        {
            reason = $"a {Keyword(from)} does not narrow to {Keyword(target)}; write a whole number like 1";
            return false;
        }
        var number = AsDecimal(value);
        // C#'s implicit conversions, plus its constant conversions: an int constant to any integral type it fits, a
        // long constant to ulong when not negative.
        var implicitly = IsImplicitIntegral(from, target)
            || from == ScalarKind.Int32
            || from == ScalarKind.Int64 && target == ScalarKind.UInt64;
        if (!implicitly)
        {
            reason = $"a {Keyword(from)} does not convert implicitly to {Keyword(target)} (it would narrow)";
            return false;
        }
        var (min, max) = Range(target);
        if (number < min || number > max)
        {
            reason = $"it is outside the range of {Keyword(target)} ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})";
            return false;
        }
        converted = target switch
        {
            ScalarKind.SByte => (sbyte)number,
            ScalarKind.Byte => (byte)number,
            ScalarKind.Int16 => (short)number,
            ScalarKind.UInt16 => (ushort)number,
            ScalarKind.Int32 => (int)number,
            ScalarKind.UInt32 => (uint)number,
            ScalarKind.Int64 => (long)number,
            _ => (object)(ulong)number,
        };
        reason = "";
        return true;
    }

    private static bool IsImplicitIntegral(ScalarKind from, ScalarKind to) => to switch
    {
        ScalarKind.Int16 => from is ScalarKind.SByte or ScalarKind.Byte,
        ScalarKind.UInt16 => from is ScalarKind.Byte or ScalarKind.Char,
        ScalarKind.Int32 => from is ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Char,
        ScalarKind.UInt32 => from is ScalarKind.Byte or ScalarKind.UInt16 or ScalarKind.Char,
        ScalarKind.Int64 => from is ScalarKind.SByte or ScalarKind.Byte or ScalarKind.Int16 or ScalarKind.UInt16
            or ScalarKind.Int32 or ScalarKind.UInt32 or ScalarKind.Char,
        ScalarKind.UInt64 => from is ScalarKind.Byte or ScalarKind.UInt16 or ScalarKind.UInt32 or ScalarKind.Char,
        _ => false,
    };

    private static bool TryToSingle(object value, ScalarKind from, out object converted, out string reason)
    {
        converted = value;
        if (from is ScalarKind.Double or ScalarKind.Decimal)
        {
            reason = $"a {Keyword(from)} does not narrow to float; write a float literal like 0.1f";
            return false;
        }
        var number = AsDecimal(value);
        var single = (float)number;
        if (!IsExactInteger(single, number))
        {
            reason = "it cannot be represented exactly as a float";
            return false;
        }
        converted = single;
        reason = "";
        return true;
    }

    private static bool TryToDouble(object value, ScalarKind from, out object converted, out string reason)
    {
        converted = value;
        reason = "";
        if (from == ScalarKind.Single)
        {
            converted = (double)(float)value;
            return true;
        }
        if (from == ScalarKind.Decimal)
        {
            reason = "a decimal does not convert implicitly to double";
            return false;
        }
        var number = AsDecimal(value);
        var dbl = (double)number;
        if (!IsExactInteger(dbl, number))
        {
            reason = "it cannot be represented exactly as a double";
            return false;
        }
        converted = dbl;
        return true;
    }

    private static bool TryToDecimal(object value, ScalarKind from, out object converted, out string reason)
    {
        converted = value;
        if (ScalarTypes.IsFloatingPoint(from))
            return TryDecimalFromFloatingPoint(value, out converted, out reason);
        converted = AsDecimal(value);
        reason = "";
        return true;
    }

    /// <summary>
    /// A double or float as the decimal its shortest round-trip text spells (0.1 → 0.1m, not 0.1000000000000000055…),
    /// which is what the user wrote. Fails when the text has no exact decimal (out of range, or too small).
    /// </summary>
    public static bool TryDecimalFromFloatingPoint(object value, out object converted, out string reason)
    {
        converted = value;
        var text = PointKeyText.FormatNumber(value);
        decimal number;
        try
        {
            number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            reason = "it is outside decimal's range (about ±7.9E+28)";
            return false;
        }
        var back = value is float
            ? PointKeyText.FormatNumber(float.Parse(PointKeyText.FormatNumber(number), CultureInfo.InvariantCulture))
            : PointKeyText.FormatNumber(double.Parse(PointKeyText.FormatNumber(number), CultureInfo.InvariantCulture));
        if (back != text)
        {
            reason = "it has no exact decimal value (decimal holds at most 28 decimal places)";
            return false;
        }
        converted = PointKeyText.Normalize(number);
        reason = "";
        return true;
    }

    /// <summary>A boxed integral constant (or char) as a decimal, which holds every long and ulong exactly.</summary>
    public static decimal AsDecimal(object value) => value switch
    {
        char c => c,
        sbyte v => v,
        byte v => v,
        short v => v,
        ushort v => v,
        int v => v,
        uint v => v,
        long v => v,
        ulong v => v,
        _ => throw new ArgumentException($"Not an integral constant: {value.GetType()}", nameof(value)),
    };

    /// <summary>Whether a floating-point value is exactly the integer <paramref name="number"/>.</summary>
    private static bool IsExactInteger(double value, decimal number)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Floor(value) != value)
            return false;
        // long and ulong convert to decimal exactly; double → decimal directly would round to 15 digits.
        if (value >= -9.2233720368547758E18 && value < 9.2233720368547758E18)
            return (long)value == number;
        if (value >= 0 && value < 1.8446744073709552E19)
            return (ulong)value == number;
        return false;
    }

    private static (decimal Min, decimal Max) Range(ScalarKind kind) => kind switch
    {
        ScalarKind.SByte => (sbyte.MinValue, sbyte.MaxValue),
        ScalarKind.Byte => (byte.MinValue, byte.MaxValue),
        ScalarKind.Int16 => (short.MinValue, short.MaxValue),
        ScalarKind.UInt16 => (ushort.MinValue, ushort.MaxValue),
        ScalarKind.Int32 => (int.MinValue, int.MaxValue),
        ScalarKind.UInt32 => (uint.MinValue, uint.MaxValue),
        ScalarKind.Int64 => (long.MinValue, long.MaxValue),
        _ => (ulong.MinValue, ulong.MaxValue),
    };

    private static string Keyword(ScalarKind kind) => ScalarTypes.Keyword(kind) ?? "enum";
}
