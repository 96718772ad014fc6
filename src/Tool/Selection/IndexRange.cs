using System.Collections;

namespace Experiments.Tool.Selection;

/// <summary>The indexes 0..Count-1 without storing them: a whole grid of millions of points costs nothing to select.</summary>
public sealed class IndexRange(long count) : IReadOnlyList<long>
{
    public int Count => checked((int)count);

    public long this[int index] =>
        index >= 0 && index < count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"0..{count - 1}");

    public IEnumerator<long> GetEnumerator()
    {
        for (long i = 0; i < count; i++)
            yield return i;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
