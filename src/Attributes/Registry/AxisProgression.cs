using System.Globalization;
using Experiments.Points;

namespace Experiments.Registry;

/// <summary>
/// A range or replicates axis as start, step and count: value <c>k</c> is <c>Start + k·Step</c> computed in decimal, then
/// taken as the parameter's type, exactly as the generator has always computed range values. Values are computed from
/// their index, never stored, so a million-value axis costs no more to build, load or list than a ten-value one, and its
/// texts are the ones an enumerated axis had (<c>rho=0.06</c>, never <c>0.060000000000000005</c>).
/// </summary>
/// <param name="Start">The first value.</param>
/// <param name="Step">The difference between neighbouring values (never 0).</param>
/// <param name="Count">How many values the axis has (at least 1).</param>
public sealed record AxisProgression(decimal Start, decimal Step, int Count)
{
    // 10^0 … 10^22 are exact doubles: the largest power of ten a double holds without rounding.
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ];

    /// <summary>Value <paramref name="k"/> in decimal, without trailing zeros (0.2, not 0.20), as its C# literal was.</summary>
    public decimal DecimalAt(int k) => PointKeyText.Normalize(Exact(k));

    public int Int32At(int k) => (int)Exact(k);

    public long Int64At(int k) => (long)Exact(k);

    /// <summary>Value <paramref name="k"/> as a double: the double nearest the decimal, as the C# literal of its text is.</summary>
    public double DoubleAt(int k) => ToDouble(Exact(k));

    /// <summary>The canonical text of value <paramref name="k"/> for an axis of type <paramref name="typeName"/>
    /// (<c>int</c>, <c>long</c>, <c>decimal</c>, else <c>double</c>).</summary>
    public string TextAt(string typeName, int k) => TextAt(typeName, Start, Step, Count, k);

    /// <summary>Value <paramref name="k"/> boxed as the parameter's type (display and the IDE view).</summary>
    public object ValueAt(string typeName, int k) => typeName switch
    {
        "int" => Int32At(k),
        "long" => Int64At(k),
        "decimal" => DecimalAt(k),
        _ => DoubleAt(k),
    };

    /// <summary>The canonical text of value k of start + k·step; one definition for descriptors, manifests and results files.</summary>
    public static string TextAt(string typeName, decimal start, decimal step, int count, int k)
    {
        if ((uint)k >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The axis has {count} values.");
        var value = start + k * step;
        return typeName switch
        {
            "int" => PointKeyText.FormatNumber((int)value),
            "long" => PointKeyText.FormatNumber((long)value),
            "decimal" => PointKeyText.FormatNumber(value),
            _ => PointKeyText.FormatNumber(ToDouble(value)),
        };
    }

    /// <summary>The index of the value whose canonical text is <paramref name="text"/>, or -1: computed, not searched.</summary>
    public int IndexOfText(string typeName, string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return -1;
        int nearest;
        try
        {
            var steps = decimal.Round((value - Start) / Step);
            if (steps < -1 || steps > Count)
                return -1;
            nearest = (int)steps;
        }
        catch (OverflowException)
        {
            return -1;
        }
        // A double's text is the shortest that round-trips, which can sit a hair off the decimal value: look either side.
        for (var k = Math.Max(0, nearest - 1); k <= Math.Min(Count - 1, nearest + 1); k++)
        {
            if (TextAt(typeName, k) == text)
                return k;
        }
        return -1;
    }

    /// <summary>Value k exactly as computed: start + k·step in decimal.</summary>
    private decimal Exact(int k) =>
        (uint)k < (uint)Count ? Start + k * Step : throw new ArgumentOutOfRangeException(nameof(k), k, $"The axis has {Count} values.");

    /// <summary>
    /// The double nearest a decimal, identical to <c>double.Parse</c> of its text (what the C# compiler makes of the
    /// literal). A mantissa below 2⁵³ and a power of ten up to 10²² are exact doubles, and one IEEE division of exact
    /// operands is correctly rounded; other values take the text route.
    /// </summary>
    private static double ToDouble(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale < ExactPowersOfTen.Length)
        {
            var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (mantissa == 0)
                return 0d;
            if (mantissa <= 1UL << 53)
            {
                var magnitude = mantissa / ExactPowersOfTen[scale];
                return bits[3] < 0 ? -magnitude : magnitude;
            }
        }
        return double.Parse(PointKeyText.FormatNumber(value), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
