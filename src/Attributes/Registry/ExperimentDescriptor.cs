using Experiments.Points;

namespace Experiments.Registry;

/// <summary>
/// Everything known about an experiment at compile time. Point index ↔ axis digits is mixed radix in declaration
/// order, the last axis varying fastest (the order of nested loops).
/// </summary>
/// <param name="Name">The experiment's name (default <c>Namespace.Class.Method</c>).</param>
/// <param name="TypeName">The declaring type's full metadata name (<c>Samples.PhaseTransition</c>).</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="SourceFile">The declaring source file, relative to the project directory, with '/' separators.</param>
/// <param name="Axes">The axes in declaration order (injected parameters are not axes).</param>
/// <param name="PointCount">The product of the axes' value counts.</param>
/// <param name="GridHash">A hash of the axes' names, types and value texts: equal grids, equal hashes.</param>
/// <param name="Resources">What one point needs.</param>
/// <param name="Explicit">Whether a plain test run skips this experiment.</param>
public sealed record ExperimentDescriptor(
    string Name,
    string TypeName,
    string MethodName,
    string SourceFile,
    IReadOnlyList<AxisDescriptor> Axes,
    long PointCount,
    string GridHash,
    ExperimentResources Resources,
    bool Explicit)
{
    /// <summary>The axis value digits of a point index.</summary>
    public int[] Digits(long index)
    {
        if (index < 0 || index >= PointCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {PointCount} points.");
        var digits = new int[Axes.Count];
        for (var a = Axes.Count - 1; a >= 0; a--)
        {
            var radix = Axes[a].Count;
            digits[a] = (int)(index % radix);
            index /= radix;
        }
        return digits;
    }

    /// <summary>The point index of axis value digits.</summary>
    public long IndexOf(IReadOnlyList<int> digits)
    {
        long index = 0;
        for (var a = 0; a < Axes.Count; a++)
            index = index * Axes[a].Count + digits[a];
        return index;
    }

    /// <summary>The canonical key of a point index.</summary>
    public string KeyOf(long index)
    {
        var digits = Digits(index);
        var names = new string[Axes.Count];
        var texts = new string[Axes.Count];
        for (var a = 0; a < Axes.Count; a++)
        {
            names[a] = Axes[a].Name;
            texts[a] = Axes[a].ValueTexts[digits[a]];
        }
        return PointKey.Build(names, texts);
    }

    /// <summary>The point index of a key, or null when the key is not a point of this grid.</summary>
    public long? TryIndexOf(string key)
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
        if (pairs.Count != Axes.Count)
            return null;
        var digits = new int[Axes.Count];
        for (var a = 0; a < Axes.Count; a++)
        {
            if (pairs[a].Key != Axes[a].Name)
                return null;
            var axis = Axes[a];
            var digit = axis.Progression is { } progression
                ? progression.IndexOfText(axis.TypeName, pairs[a].Value)
                : IndexOfText(axis.ValueTexts, pairs[a].Value);
            if (digit < 0)
                return null;
            digits[a] = digit;
        }
        return IndexOf(digits);
    }

    // A linear search per key made recording n points of an n-value axis O(n²) (24 s for 100,000 points); the index
    // of each axis's texts is built once per value list and kept as long as the list lives.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, Dictionary<string, int>> TextIndexes = new();

    private static int IndexOfText(IReadOnlyList<string> texts, string text)
    {
        if (texts.Count <= 8)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                if (texts[i] == text)
                    return i;
            }
            return -1;
        }
        var index = TextIndexes.GetValue(texts, static list =>
        {
            var byText = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
                byText.TryAdd(list[i], i);
            return byText;
        });
        return index.TryGetValue(text, out var found) ? found : -1;
    }
}
