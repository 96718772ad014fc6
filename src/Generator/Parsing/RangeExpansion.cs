using System;
using System.Collections.Generic;

namespace Experiments.Generator.Parsing;

internal enum RangeProblem
{
    None,
    StepZero,
    WrongDirection,
    TooManyValues,
    Overflow,
}

/// <summary>
/// The values of [Range(start, stop, step)]: start + k·step for k = 0, 1, … while not past stop, so stop is included
/// when it falls on the grid. Computed in decimal, so 0.02 + 2 × 0.02 is exactly 0.06; each value is start + k·step
/// (never a running sum), so errors cannot accumulate. Generated code computes value k from k at run time; the
/// generator only counts them (<see cref="TryCount"/>), so a million-value range costs no more to compile than ten.
/// </summary>
internal static class RangeExpansion
{
    /// <summary>How many values the range has, checked against <paramref name="maxValues"/>, without listing them.</summary>
    public static RangeProblem TryCount(decimal start, decimal stop, decimal step, int maxValues, out decimal count)
    {
        count = 0;
        if (step == 0)
            return RangeProblem.StepZero;
        if (stop != start && Math.Sign(stop - start) != Math.Sign(step))
            return RangeProblem.WrongDirection;
        try
        {
            var steps = decimal.Floor((stop - start) / step);
            count = steps + 1;
            if (count > maxValues)
                return RangeProblem.TooManyValues;
            var n = (int)count;
            // Division rounds to 28–29 digits: a quotient just below a whole number can round up to it. Take back any
            // value that lies past the stop.
            while (n > 1 && IsPast(start + (n - 1) * step, stop, step))
                n--;
            count = n;
            // The last value must be a decimal too: start + k·step for every k below it then is.
            _ = start + (n - 1) * step;
            return RangeProblem.None;
        }
        catch (OverflowException)
        {
            return RangeProblem.Overflow;
        }
    }

    /// <summary>The range's values listed (tests, and the rare double range whose step is near double's resolution).</summary>
    public static RangeProblem TryExpand(decimal start, decimal stop, decimal step, int maxValues, out List<decimal> values, out decimal count)
    {
        values = new List<decimal>();
        var problem = TryCount(start, stop, step, maxValues, out count);
        if (problem != RangeProblem.None)
            return problem;
        for (var k = 0; k < (int)count; k++)
            values.Add(start + k * step);
        return RangeProblem.None;
    }

    private static bool IsPast(decimal value, decimal stop, decimal step) => step > 0 ? value > stop : value < stop;
}
