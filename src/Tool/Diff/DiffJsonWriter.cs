using System.Text.Encodings.Web;
using System.Text.Json;

namespace Experiments.Tool.Diff;

/// <summary>
/// The diff as JSON for scripts: <c>{"changed": bool, "experiments": [{experiment, file, from, to, changed, summary:
/// [{what, points, axis, value, atValue, text}], points: [{key, parameters, change: added|removed|changed, status:
/// {from, to}, stale: {from, to}, fields: [{path, from, to}], error}]}]}</c>. Every changed point is listed; values
/// keep their JSON types.
/// </summary>
public static class DiffJsonWriter
{
    public static void Write(Stream output, IReadOnlyList<ExperimentDiff> diffs)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteBoolean("changed", diffs.Any(d => d.HasChanges));
        w.WriteStartArray("experiments");
        foreach (var diff in diffs)
            WriteExperiment(w, diff);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.Write("\n"u8);
    }

    private static void WriteExperiment(Utf8JsonWriter w, ExperimentDiff diff)
    {
        w.WriteStartObject();
        w.WriteString("experiment", diff.Experiment);
        w.WriteString("file", diff.File);
        w.WriteString("from", diff.From);
        w.WriteString("to", diff.To);
        w.WriteBoolean("changed", diff.HasChanges);
        w.WriteStartArray("summary");
        foreach (var summary in diff.Summary)
        {
            w.WriteStartObject();
            w.WriteString("what", summary.What);
            w.WriteNumber("points", summary.Points);
            if (summary.Axis is not null)
            {
                w.WriteString("axis", summary.Axis);
                w.WriteString("value", summary.Value);
                w.WriteNumber("atValue", summary.AtValue);
            }
            w.WriteString("text", ChangeSummaries.Sentence(summary));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("points");
        foreach (var change in diff.Changes)
            WritePoint(w, change);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter w, PointChange change)
    {
        w.WriteStartObject();
        w.WriteString("key", change.Key);
        w.WritePropertyName("parameters");
        change.Parameters.WriteTo(w);
        w.WriteString("change", change.Presence switch
        {
            Presence.Added => "added",
            Presence.Removed => "removed",
            _ => "changed",
        });
        w.WriteStartObject("status");
        WriteOptional(w, "from", change.Status.From);
        WriteOptional(w, "to", change.Status.To);
        w.WriteEndObject();
        w.WriteStartObject("stale");
        w.WriteBoolean("from", change.Stale.From);
        w.WriteBoolean("to", change.Stale.To);
        w.WriteEndObject();
        w.WriteStartArray("fields");
        foreach (var field in change.Fields)
        {
            w.WriteStartObject();
            w.WriteString("path", field.Path);
            WriteValue(w, "from", field.From);
            WriteValue(w, "to", field.To);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (change.Error is { } error)
        {
            w.WriteStartObject("error");
            w.WriteString("kind", error.Kind);
            WriteOptional(w, "type", error.Type);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }

    private static void WriteValue(Utf8JsonWriter w, string name, JsonElement? value)
    {
        w.WritePropertyName(name);
        if (value is { } v)
            v.WriteTo(w);
        else
            w.WriteNullValue();
    }
}
