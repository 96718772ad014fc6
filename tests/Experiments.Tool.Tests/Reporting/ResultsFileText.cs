using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Experiments.Tool.Tests.Reporting;

/// <summary>
/// Results files as text, the way a user's file looks on disk (schema 1, which every later reader keeps reading), so
/// report tests feed the real reader without depending on the writer's in-memory model.
/// </summary>
public static class ResultsFileText
{
    public sealed record Axis(string Name, string Type, string Kind, params object[] Values);

    public sealed record Point(IReadOnlyDictionary<string, object> Parameters, object? Result, string? ErrorKind = null, string? Message = null, int Attempts = 1, bool Stale = false);

    public static string Build(string experiment, IReadOnlyList<Axis> axes, IEnumerable<Point> points)
    {
        var text = new StringBuilder();
        text.Append("{\n  \"schema\": 1,\n");
        text.Append($"  \"experiment\": {Json(experiment)},\n  \"gridHash\": \"0123456789abcdef\",\n  \"axes\": [\n");
        text.Append(string.Join(",\n", axes.Select(a => $"    {{\"name\":{Json(a.Name)},\"type\":{Json(a.Type)},\"kind\":{Json(a.Kind)},\"values\":{Json(a.Values)}}}")));
        text.Append("\n  ],\n  \"runs\": [\n    {\"id\":\"20261201-100000-aaaa\",\"packageId\":\"feedfacecafebeef\",\"gitCommit\":\"0123456789abcdef0123456789abcdef01234567\",");
        text.Append("\"gitDirty\":false,\"backend\":\"local\",\"startedAt\":\"2026-12-01T10:00:00Z\",\"endedAt\":\"2026-12-01T10:05:00Z\",\"message\":\"first sweep\",");
        text.Append("\"toolVersion\":\"0.1.0\",\"dotnetVersion\":\"10.0.0\",\"os\":\"Linux\"}\n  ],\n  \"points\": [\n");
        var lines = points.Select(p =>
        {
            var key = string.Join(";", axes.Select(a => $"{a.Name}={Text(p.Parameters[a.Name])}"));
            var status = p.ErrorKind is null ? "succeeded" : "failed";
            var line = new StringBuilder($"    {{\"key\":{Json(key)},\"status\":\"{status}\"");
            if (p.Stale)
                line.Append(",\"stale\":true");
            line.Append($",\"parameters\":{Json(axes.ToDictionary(a => a.Name, a => p.Parameters[a.Name]))},\"seed\":1,\"attempts\":{p.Attempts},\"duration\":0.01,\"run\":\"20261201-100000-aaaa\"");
            if (p.Result is not null)
                line.Append($",\"result\":{Json(p.Result)}");
            if (p.ErrorKind is not null)
                line.Append($",\"error\":{{\"kind\":{Json(p.ErrorKind)},\"type\":\"System.InvalidOperationException\",\"message\":{Json(p.Message ?? "")}}}");
            return line.Append('}').ToString();
        });
        text.Append(string.Join(",\n", lines));
        text.Append("\n  ]\n}\n");
        return text.ToString();
    }

    public static Dictionary<string, object> Parameters(params (string Name, object Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
