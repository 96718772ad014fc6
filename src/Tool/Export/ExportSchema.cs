using Experiments.Schema;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Export;

/// <summary>
/// The columns of an export, in order: <c>key</c>; one typed column per axis (named as the axis, or <c>axis.NAME</c>
/// when the name is taken by a fixed column); <c>stale</c>, <c>status</c>, <c>seed</c>, <c>attempts</c>,
/// <c>duration</c> (seconds, null when unknown); every result field flattened (<c>result.relativeError</c>), typed by
/// the values it has across all points; <c>error.kind</c>, <c>error.type</c>, <c>error.message</c>.
/// </summary>
public static class ExportSchema
{
    private static readonly string[] FixedNames = ["key", "stale", "status", "seed", "attempts", "duration", "error.kind", "error.type", "error.message"];

    /// <summary>One pass over the points to learn the result fields and their types (the writers need them before the first row).</summary>
    public static IReadOnlyList<ExportColumn> Discover(IReadOnlyList<ManifestAxis> axes, IEnumerable<ResultsFilePoint> points)
    {
        var fieldTypes = new Dictionary<string, ExportColumnType?>(StringComparer.Ordinal);
        var fieldOrder = new List<string>();
        foreach (var point in points)
        {
            foreach (var (path, value) in FlatFields.Flatten(point.Result))
            {
                if (!fieldTypes.TryGetValue(path, out var known))
                {
                    fieldOrder.Add(path);
                    known = null;
                }
                fieldTypes[path] = ExportColumnTypes.Of(value) is { } type ? ExportColumnTypes.Widen(known, type) : known;
            }
        }

        var columns = new List<ExportColumn> { new("key", ExportColumnType.String, r => r.Point.Key) };
        foreach (var axis in axes)
        {
            var type = ExportColumnTypes.OfAxis(axis.Type);
            var name = FixedNames.Contains(axis.Name, StringComparer.Ordinal) || axis.Name == FlatFields.ResultPrefix
                ? "axis." + axis.Name
                : axis.Name;
            columns.Add(new ExportColumn(name, type, r => r.Parameter(axis.Name) is { } v ? ExportColumnTypes.Convert(v, type) : null));
        }
        columns.Add(new("stale", ExportColumnType.Bool, r => r.Point.Stale));
        columns.Add(new("status", ExportColumnType.String, r => r.Point.Status));
        columns.Add(new("seed", ExportColumnType.Int, r => r.Point.Seed));
        columns.Add(new("attempts", ExportColumnType.Int, r => r.Point.Attempts));
        columns.Add(new("duration", ExportColumnType.Double, r => r.Duration));
        foreach (var path in fieldOrder)
        {
            // A field that is null in every point still gets a column (of text), so the shape says it exists.
            var type = fieldTypes[path] ?? ExportColumnType.String;
            columns.Add(new ExportColumn(path, type, r => r.Fields.TryGetValue(path, out var v) ? ExportColumnTypes.Convert(v, type) : null));
        }
        columns.Add(new("error.kind", ExportColumnType.String, r => r.Point.Error?.Kind));
        columns.Add(new("error.type", ExportColumnType.String, r => r.Point.Error?.Type));
        columns.Add(new("error.message", ExportColumnType.String, r => r.Point.Error?.Message));
        return columns;
    }
}
