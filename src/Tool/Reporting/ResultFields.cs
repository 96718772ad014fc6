using System.Text.Json;

namespace Experiments.Tool.Reporting;

/// <summary>Whether a result field holds numbers or booleans (a bool's mean is a rate, with a Wilson interval).</summary>
public enum FieldKind
{
    Number,
    Bool,
}

/// <summary>A numeric or bool result field, by its flattened name (<c>recovered</c>, <c>fit.slope</c>).</summary>
public sealed class ResultField(string name, int index, FieldKind kind)
{
    public string Name { get; } = name;

    /// <summary>Its slot in every <see cref="GroupedStatistics"/> of the report.</summary>
    public int Index { get; } = index;

    /// <summary>Bool while every value seen was true or false; a number seen once makes it a number field.</summary>
    public FieldKind Kind { get; internal set; } = kind;
}

/// <summary>
/// The numeric and bool fields of the results, found as the points stream by (a result type's fields are not in the
/// results file's header), and the values of one point's result as (field, value) pairs.
/// </summary>
public sealed class ResultFields
{
    /// <summary>Nested objects are flattened this deep; deeper values are not aggregated.</summary>
    private const int MaxDepth = 3;

    /// <summary>The name of the field when the result is itself a number or a bool.</summary>
    public const string WholeResult = "result";

    private readonly Dictionary<string, ResultField> _byName = new(StringComparer.Ordinal);
    private readonly List<ResultField> _fields = [];

    public IReadOnlyList<ResultField> All => _fields;

    public ResultField? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Fills <paramref name="values"/> with the point's aggregatable values (cleared first).</summary>
    public void Extract(JsonElement? result, List<(ResultField Field, double Value)> values)
    {
        values.Clear();
        if (result is { } element)
            Walk(element, null, 0, values);
    }

    private void Walk(JsonElement element, string? prefix, int depth, List<(ResultField, double)> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when depth < MaxDepth:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, prefix is null ? property.Name : $"{prefix}.{property.Name}", depth + 1, values);
                break;
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                values.Add((Field(prefix ?? WholeResult, FieldKind.Number), number));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                values.Add((Field(prefix ?? WholeResult, FieldKind.Bool), element.ValueKind == JsonValueKind.True ? 1 : 0));
                break;
        }
    }

    private ResultField Field(string name, FieldKind kind)
    {
        if (!_byName.TryGetValue(name, out var field))
        {
            field = new ResultField(name, _fields.Count, kind);
            _byName.Add(name, field);
            _fields.Add(field);
        }
        else if (field.Kind != kind)
        {
            field.Kind = FieldKind.Number;
        }
        return field;
    }
}
