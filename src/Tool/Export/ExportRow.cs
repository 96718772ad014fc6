using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Export;

/// <summary>One point as a row is made from it: the point, its flattened result fields and its duration when known.</summary>
public sealed class ExportRow
{
    private Dictionary<string, JsonElement>? _fields;

    public ExportRow(ResultsFilePoint point, double? duration)
    {
        Point = point;
        Duration = duration;
    }

    public ResultsFilePoint Point { get; }

    public double? Duration { get; }

    /// <summary>The result's flattened fields by path (<c>result.relativeError</c>), made on first use.</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields =>
        _fields ??= FlatFields.Flatten(Point.Result).GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    public JsonElement? Parameter(string axis) =>
        Point.Parameters.ValueKind == JsonValueKind.Object && Point.Parameters.TryGetProperty(axis, out var value) ? value : null;
}
