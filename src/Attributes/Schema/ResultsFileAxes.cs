using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Experiments.Registry;

namespace Experiments.Schema;

/// <summary>
/// Range and replicate axes in a results file's header as <c>start</c>, <c>step</c> and <c>count</c> rather than every
/// value: a million-value axis is one short line. The values are rebuilt exactly as the generator builds them (start +
/// k·step in decimal, then the parameter type's canonical text), and the writer uses this form only when that
/// rebuilds every value's text as the manifest has it, so keys never change (<c>rho=0.06</c> stays <c>rho=0.06</c>).
/// </summary>
public static class ResultsFileAxes
{
    private static readonly ConditionalWeakTable<IReadOnlyList<JsonElement>, Arithmetic?> Found = new();

    /// <summary>start, step and count of an axis whose values follow start + k·step exactly.</summary>
    public sealed record Arithmetic(decimal Start, decimal Step, int Count);

    /// <summary>The arithmetic form of a range or replicates axis, or null when its values must be listed.</summary>
    public static Arithmetic? TryArithmetic(ManifestAxis axis)
    {
        if (axis.Kind is not ("range" or "replicates"))
            return null;
        if (axis.Values is ArithmeticValues known)
            return known.Form;
        return Found.GetValue(axis.Values, values => Detect(axis.Type, values));
    }

    /// <summary>The axis's values rebuilt from its arithmetic form, computed when asked rather than held.</summary>
    public static IReadOnlyList<JsonElement> Values(string type, Arithmetic form) => new ArithmeticValues(type, form);

    /// <summary>The canonical text of value <paramref name="k"/>, as the generator writes it for <paramref name="type"/>.</summary>
    public static string TextAt(string type, Arithmetic form, int k) =>
        AxisProgression.TextAt(type, form.Start, form.Step, form.Count, k);

    /// <summary>Whether a header axis type's values are written as JSON numbers.</summary>
    public static bool IsNumeric(string type) =>
        type is "int" or "long" or "double" or "float" or "decimal" or "short" or "byte" or "sbyte" or "ushort" or "uint" or "ulong";

    private static Arithmetic? Detect(string type, IReadOnlyList<JsonElement> values)
    {
        if (values.Count < 2 || !IsNumeric(type) || type is not ("int" or "long" or "double" or "float" or "decimal"))
            return null;
        if (!TryDecimal(values[0], out var start) || !TryDecimal(values[1], out var second))
            return null;
        var form = new Arithmetic(start, second - start, values.Count);
        if (form.Step == 0)
            return null;
        try
        {
            for (var k = 0; k < values.Count; k++)
            {
                if (values[k].ValueKind != JsonValueKind.Number || TextAt(type, form, k) != values[k].GetRawText())
                    return null;
            }
        }
        catch (OverflowException)
        {
            return null;
        }
        return form;
    }

    private static bool TryDecimal(JsonElement value, out decimal result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number
            && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>An axis's values from start, step and count: each one made on demand, so reading a header is cheap.</summary>
    private sealed class ArithmeticValues(string type, Arithmetic form) : IReadOnlyList<JsonElement>
    {
        public Arithmetic Form => form;

        public int Count => form.Count;

        public JsonElement this[int index] =>
            index >= 0 && index < form.Count
                ? JsonSerializer.Deserialize<JsonElement>(TextAt(type, form, index))
                : throw new ArgumentOutOfRangeException(nameof(index), index, $"The axis has {form.Count} values.");

        public IEnumerator<JsonElement> GetEnumerator()
        {
            for (var k = 0; k < form.Count; k++)
                yield return this[k];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
