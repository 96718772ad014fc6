using System.Globalization;
using System.Text.Json;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Reading;

/// <summary>
/// When two recorded values count as the same. Without a tolerance numbers must be identical bit for bit (the same
/// double, the same integer); with <c>--tolerance X</c> two numbers are the same when <c>|a − b| ≤ X</c> — an absolute
/// difference, so pick X in the result's own units. Strings, booleans and nulls always compare exactly.
/// </summary>
public sealed record NumberTolerance(double Absolute)
{
    public static readonly NumberTolerance Exact = new(0);

    /// <summary>Parses <c>--tolerance</c>: a number of 0 or more, in invariant notation (<c>1e-9</c>, <c>0.001</c>).</summary>
    public static NumberTolerance Parse(string? text)
    {
        if (text is null)
            return Exact;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value))
            return new NumberTolerance(value);
        throw new UserException($"--tolerance must be a number of 0 or more (an absolute difference, e.g. 1e-9), not '{text}'.");
    }

    public bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
            return SameNumber(a, b);
        if (a.ValueKind != b.ValueKind)
            return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => true,
            _ => a.GetRawText() == b.GetRawText(),
        };
    }

    private bool SameNumber(JsonElement a, JsonElement b)
    {
        // Whole numbers compare as integers first: a long past 2^53 would lose its last digits as a double.
        if (a.TryGetInt64(out var la) && b.TryGetInt64(out var lb))
            return la == lb || (Absolute > 0 && Math.Abs((double)la - lb) <= Absolute);
        var da = a.GetDouble();
        var db = b.GetDouble();
        if (BitConverter.DoubleToInt64Bits(da) == BitConverter.DoubleToInt64Bits(db))
            return true;
        // Exact means bit for bit: 0.0 and -0.0 differ, as a computation that lands on either differs.
        return Absolute > 0 && Math.Abs(da - db) <= Absolute;
    }
}
