using System.Globalization;
using Experiments.Registry;

namespace Experiments.Tool.Selection;

/// <summary>
/// Finds the axis value a user meant. Exact canonical text first; then by meaning, so <c>0.50</c> finds <c>0.5</c>,
/// <c>1e-3</c> finds <c>0.001</c>, <c>TRUE</c> finds <c>true</c> and <c>omp</c> finds the enum member <c>Omp</c> when
/// that is unambiguous.
/// </summary>
public static class AxisValueMatcher
{
    private static readonly HashSet<string> NumericTypes =
    [
        "double", "float", "decimal", "int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort", "nint", "nuint",
    ];

    /// <summary>The value's position on the axis, or -1 when the axis has no such value.</summary>
    public static int IndexOf(AxisDescriptor axis, string text)
    {
        if (axis.Progression is { } progression)
            return IndexInProgression(axis, progression, text);
        for (var i = 0; i < axis.Count; i++)
        {
            if (axis.ValueTexts[i] == text)
                return i;
        }
        if (NumericTypes.Contains(axis.TypeName))
            return IndexOfNumber(axis, text.Trim());
        if (axis.TypeName is "string" or "char")
            return -1; // text is compared exactly: "a" and "A" are different strings
        // bool and enum members: names, so case does not carry meaning, as long as it picks one value.
        var ignoringCase = Enumerable.Range(0, axis.Count)
            .Where(i => string.Equals(axis.ValueTexts[i], text.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return ignoringCase.Length == 1 ? ignoringCase[0] : -1;
    }

    /// <summary>The valid values of an axis as a user would type them, shortened for long axes.</summary>
    public static string DescribeValues(AxisDescriptor axis, int max = 20)
    {
        var shown = axis.ValueTexts.Take(max).Select(Experiments.Points.PointKey.EscapeValue);
        var more = axis.Count > max ? $", … ({axis.Count - max} more)" : "";
        return string.Join(", ", shown) + more;
    }

    /// <summary>
    /// The same search on a range or replicates axis, computed rather than scanned (a scan formats every value: a
    /// second for a million): the value's position is (value − start) / step, checked against the value there.
    /// </summary>
    private static int IndexInProgression(AxisDescriptor axis, AxisProgression progression, string text)
    {
        var exact = progression.IndexOfText(axis.TypeName, text);
        if (exact >= 0)
            return exact;
        const NumberStyles style = NumberStyles.Float;
        text = text.Trim();
        if (decimal.TryParse(text, style, CultureInfo.InvariantCulture, out var asDecimal))
        {
            foreach (var k in Around(progression, () => (asDecimal - progression.Start) / progression.Step))
            {
                if (decimal.TryParse(axis.ValueTexts[k], style, CultureInfo.InvariantCulture, out var value) && value == asDecimal)
                    return k;
            }
        }
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out var asDouble) && double.IsFinite(asDouble))
        {
            foreach (var k in Around(progression, () => (decimal)((asDouble - (double)progression.Start) / (double)progression.Step)))
            {
                if (double.TryParse(axis.ValueTexts[k], style, CultureInfo.InvariantCulture, out var value) && value.Equals(asDouble))
                    return k;
            }
        }
        return -1;
    }

    /// <summary>The positions next to a fractional position, within the axis; none when it is far outside or overflows.</summary>
    private static IEnumerable<int> Around(AxisProgression progression, Func<decimal> position)
    {
        decimal nearest;
        try
        {
            nearest = decimal.Round(position());
        }
        catch (OverflowException)
        {
            yield break;
        }
        if (nearest < -1 || nearest > progression.Count)
            yield break;
        for (var k = (int)nearest - 1; k <= (int)nearest + 1; k++)
        {
            if (k >= 0 && k < progression.Count)
                yield return k;
        }
    }

    private static int IndexOfNumber(AxisDescriptor axis, string text)
    {
        const NumberStyles style = NumberStyles.Float;
        if (decimal.TryParse(text, style, CultureInfo.InvariantCulture, out var asDecimal))
        {
            for (var i = 0; i < axis.Count; i++)
            {
                if (decimal.TryParse(axis.ValueTexts[i], style, CultureInfo.InvariantCulture, out var value) && value == asDecimal)
                    return i;
            }
        }
        // Values beyond decimal's range (1e300) or with more precision than it keeps compare as doubles.
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out var asDouble))
        {
            for (var i = 0; i < axis.Count; i++)
            {
                if (double.TryParse(axis.ValueTexts[i], style, CultureInfo.InvariantCulture, out var value) && value.Equals(asDouble))
                    return i;
            }
        }
        return -1;
    }
}
