using System.Globalization;
using Experiments.Points;

namespace Experiments.Schema;

/// <summary>
/// The order of a results file's point lines, computable from each key alone (so a merge can stream): the grid's points
/// in grid order (the last axis fastest, numbers in their declared order: replicate 0, 1, 2, … 10), then keys the grid
/// no longer has, in natural order (digit runs compared as numbers, <c>samples=1000</c> before <c>samples=10000</c>).
/// A range or replicates axis finds a value's place arithmetically, so a million-value axis costs no index in memory.
/// </summary>
public sealed class ResultsFileOrder : IComparer<ResultsFileOrder.Position>
{
    private readonly string[] _names;
    private readonly int[] _counts;
    private readonly Func<string, int>[] _digitOf;

    public ResultsFileOrder(ManifestExperiment experiment)
    {
        var axes = experiment.Axes;
        _names = axes.Select(a => a.Name).ToArray();
        _counts = axes.Select(a => a.Values.Count).ToArray();
        _digitOf = axes.Select(DigitLookup).ToArray();
    }

    /// <summary>Where a key goes: its grid index, or null for a stale key (after every grid point).</summary>
    public readonly record struct Position(long? Index, string Key);

    public Position Of(string key) => new(IndexOf(key), key);

    /// <summary>The key's index in the grid (mixed radix, last axis fastest, as the registry numbers points), or null.</summary>
    public long? IndexOf(string key)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs;
        try
        {
            pairs = PointKey.Parse(key);
        }
        catch (FormatException)
        {
            return null;
        }
        if (pairs.Count != _names.Length)
            return null;
        long index = 0;
        for (var a = 0; a < _names.Length; a++)
        {
            if (pairs[a].Key != _names[a])
                return null;
            var digit = _digitOf[a](pairs[a].Value);
            if (digit < 0)
                return null;
            index = index * _counts[a] + digit;
        }
        return index;
    }

    public int Compare(Position x, Position y)
    {
        return (x.Index, y.Index) switch
        {
            ({ } a, { } b) => a.CompareTo(b),
            (not null, null) => -1,
            (null, not null) => 1,
            _ => NaturalCompare(x.Key, y.Key),
        };
    }

    /// <summary>Text order where runs of digits compare as numbers; ties broken by ordinal order, so the order is total.</summary>
    public static int NaturalCompare(string x, string y)
    {
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i;
                var sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                    i++;
                while (j < y.Length && char.IsAsciiDigit(y[j]))
                    j++;
                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length)
                    return a.Length.CompareTo(b.Length);
                var digits = a.SequenceCompareTo(b);
                if (digits != 0)
                    return digits;
                continue;
            }
            if (x[i] != y[j])
                return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static Func<string, int> DigitLookup(ManifestAxis axis)
    {
        if (ResultsFileAxes.TryArithmetic(axis) is { } form)
        {
            return text =>
            {
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    return -1;
                decimal k;
                try
                {
                    k = (value - form.Start) / form.Step;
                }
                catch (OverflowException)
                {
                    return -1;
                }
                if (k < 0 || k >= form.Count || k != decimal.Truncate(k))
                {
                    // A double's shortest text may not be start + k·step exactly (0.30000000000000004); look nearby.
                    k = decimal.Round(k);
                    if (k < 0 || k >= form.Count)
                        return -1;
                }
                return ResultsFileAxes.TextAt(axis.Type, form, (int)k) == text ? (int)k : -1;
            };
        }
        var byText = new Dictionary<string, int>(axis.Values.Count, StringComparer.Ordinal);
        for (var i = 0; i < axis.Values.Count; i++)
            byText.TryAdd(Manifest.ValueText(axis.Values[i]), i);
        return text => byText.TryGetValue(text, out var digit) ? digit : -1;
    }
}
