using System.Collections;

namespace Experiments.Registry;

/// <summary>A read-only list whose items are computed from their index when read, so a long axis holds nothing.</summary>
internal sealed class ComputedList<T>(int count, Func<int, T> itemAt) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] =>
        (uint)index < (uint)count ? itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {count} items.");

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
            yield return itemAt(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
