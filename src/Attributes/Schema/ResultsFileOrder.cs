using Experiments.Registry;

namespace Experiments.Schema;

/// <summary>
/// The order of a results file's point lines, computable from each key alone (so a merge can stream): the grid's points
/// in grid order (the last axis fastest, numbers in their declared order: replicate 0, 1, 2, … 10), then keys the grid
/// no longer has, in natural order (digit runs compared as numbers, <c>samples=1000</c> before <c>samples=10000</c>).
/// </summary>
public sealed class ResultsFileOrder(ExperimentDescriptor grid) : IComparer<ResultsFileOrder.Position>
{
    /// <summary>Where a key goes: its grid index, or null for a stale key (after every grid point).</summary>
    public readonly record struct Position(long? Index, string Key);

    public ExperimentDescriptor Grid => grid;

    public Position Of(string key) => new(grid.TryIndexOf(key), key);

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
}
