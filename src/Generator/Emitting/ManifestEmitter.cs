using System.Collections.Generic;
using System.Text;
using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// Emits the manifest (docs/internals.md, schema 2) as a string constant the build task reads from metadata. The text
/// is deterministic: experiments by name, no timestamps or absolute paths, numbers in their canonical text (so a
/// value's raw JSON is its key text).
/// </summary>
internal static class ManifestEmitter
{
    public const string HintName = "Experiments.Manifest.g.cs";
    public const int Schema = 2;

    public static string Emit(IReadOnlyList<ExperimentSpec> experiments, string assemblyName)
    {
        var w = new SourceWriter().Header();
        w.Open("namespace Experiments.Generated");
        w.Line("/// <summary>The experiments manifest; the build writes it next to the assembly as experiments.manifest.json.</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.Open("internal static class ExperimentsManifest");
        w.Line("public const string Json = @\"" + Json(experiments, assemblyName).Replace("\"", "\"\"") + "\";");
        w.Close();
        w.Close();
        return w.ToString();
    }

    public static string Json(IReadOnlyList<ExperimentSpec> experiments, string assemblyName)
    {
        var json = new StringBuilder();
        json.Append("{\n");
        json.Append("  \"schema\": ").Append(Schema).Append(",\n");
        json.Append("  \"generator\": ").Append(JsonText.String(GeneratorInfo.Version)).Append(",\n");
        json.Append("  \"assembly\": ").Append(JsonText.String(assemblyName)).Append(",\n");
        json.Append("  \"experiments\": [");
        for (var i = 0; i < experiments.Count; i++)
        {
            json.Append(i == 0 ? "\n" : ",\n");
            Experiment(json, experiments[i]);
        }
        json.Append(experiments.Count == 0 ? "]\n" : "\n  ]\n");
        json.Append("}\n");
        return json.ToString();
    }

    private static void Experiment(StringBuilder json, ExperimentSpec e)
    {
        const string indent = "      ";
        json.Append("    {\n");
        json.Append(indent).Append("\"name\": ").Append(JsonText.String(e.Name)).Append(",\n");
        json.Append(indent).Append("\"type\": ").Append(JsonText.String(e.TypeName)).Append(",\n");
        json.Append(indent).Append("\"method\": ").Append(JsonText.String(e.MethodName)).Append(",\n");
        json.Append(indent).Append("\"source\": ").Append(JsonText.String(e.SourceFile)).Append(",\n");
        json.Append(indent).Append("\"explicit\": ").Append(JsonText.Bool(e.Explicit)).Append(",\n");
        json.Append(indent).Append("\"axes\": [");
        for (var a = 0; a < e.Axes.Count; a++)
        {
            json.Append(a == 0 ? "\n" : ",\n");
            Axis(json, e.Axes[a], indent + "  ");
        }
        json.Append(e.Axes.Count == 0 ? "],\n" : "\n" + indent + "],\n");
        json.Append(indent).Append("\"points\": ").Append(JsonText.Number(e.PointCount)).Append(",\n");
        json.Append(indent).Append("\"gridHash\": ").Append(JsonText.String(GridHash.Of(e.Axes))).Append(",\n");
        var r = e.Resources;
        json.Append(indent).Append("\"resources\": { ")
            .Append("\"timeout\": ").Append(JsonText.NullableString(r.Timeout))
            .Append(", \"retries\": ").Append(JsonText.Number(r.Retries))
            .Append(", \"cpus\": ").Append(JsonText.Number(r.Cpus))
            .Append(", \"memory\": ").Append(JsonText.NullableString(r.Memory))
            .Append(", \"memoryBytes\": ").Append(JsonText.NullableNumber(r.MemoryBytes))
            .Append(", \"gpus\": ").Append(JsonText.Number(r.Gpus))
            .Append(" }\n");
        json.Append("    }");
    }

    private static void Axis(StringBuilder json, AxisSpec axis, string indent)
    {
        json.Append(indent).Append("{ \"name\": ").Append(JsonText.String(axis.Name))
            .Append(", \"type\": ").Append(JsonText.String(axis.ManifestType))
            .Append(", \"kind\": ").Append(JsonText.String(KindText(axis.Source)));
        if (axis.Progression is { } progression)
        {
            // Computed from the index by every reader, as the results file's header writes it: a few bytes at any count.
            json.Append(", \"start\": ").Append(progression.StartText)
                .Append(", \"step\": ").Append(progression.StepText)
                .Append(", \"count\": ").Append(JsonText.Number(progression.Count))
                .Append(" }");
            return;
        }
        json.Append(", \"values\": [");
        for (var i = 0; i < axis.ValueTexts.Count; i++)
        {
            if (i > 0)
                json.Append(", ");
            json.Append(Value(axis, axis.ValueTexts[i]));
        }
        json.Append("] }");
    }

    /// <summary>Numbers as JSON numbers in canonical text; bools as JSON booleans; strings, chars and enum names as strings.</summary>
    private static string Value(AxisSpec axis, string text) => axis.Scalar switch
    {
        ScalarKind.Bool => text,
        ScalarKind.String or ScalarKind.Char or ScalarKind.Enum => JsonText.String(text),
        _ => text,
    };

    private static string KindText(AxisSource source) => source switch
    {
        AxisSource.Grid => "grid",
        AxisSource.Range => "range",
        AxisSource.Replicates => "replicates",
        _ => "all",
    };
}
