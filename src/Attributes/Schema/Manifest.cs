using System.Globalization;
using System.Text.Json;
using Experiments.Registry;

namespace Experiments.Schema;

/// <summary>Reads a manifest into descriptors: the tool plans from these without loading user code.</summary>
public static class Manifest
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false };

    public static ManifestModel Parse(string json, string sourceName)
    {
        ManifestModel? model;
        try
        {
            model = JsonSerializer.Deserialize<ManifestModel>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName} is not a valid experiments manifest: {e.Message}", e);
        }
        if (model is null)
            throw new InvalidDataException($"{sourceName} is empty.");
        if (model.Schema != ManifestModel.CurrentSchema)
        {
            throw new InvalidDataException(
                $"{sourceName} has manifest schema {model.Schema}; this version reads schema {ManifestModel.CurrentSchema}. Rebuild the project with the same Experiments version as the tool.");
        }
        return model;
    }

    public static ManifestModel Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>The descriptors of a manifest's experiments (axes carry value texts; boxed values are the JSON values).</summary>
    public static IReadOnlyList<ExperimentDescriptor> Descriptors(ManifestModel model) =>
        model.Experiments.Select(ToDescriptor).ToArray();

    public static ExperimentDescriptor ToDescriptor(ManifestExperiment e)
    {
        var axes = e.Axes.Select(ToDescriptor).ToArray();
        var r = e.Resources;
        var resources = new ExperimentResources(
            r.Timeout is null ? null : TimeSpan.ParseExact(r.Timeout, "c", CultureInfo.InvariantCulture),
            r.Retries,
            r.Cpus,
            r.Memory,
            r.MemoryBytes,
            r.Gpus);
        return new ExperimentDescriptor(e.Name, e.Type, e.Method, e.Source, axes, e.Points, e.GridHash, resources, e.Explicit);
    }

    /// <summary>An axis's descriptor; a range or replicates axis keeps its progression, so nothing per value is held.</summary>
    private static AxisDescriptor ToDescriptor(ManifestAxis a)
    {
        var kind = ParseKind(a.Kind);
        if (ResultsFileAxes.TryArithmetic(a) is { } form)
        {
            var progression = new AxisProgression(form.Start, form.Step, form.Count);
            return new AxisDescriptor(a.Name, a.Type, kind,
                new ComputedList<object>(form.Count, k => a.Values[k]),
                new ComputedList<string>(form.Count, k => progression.TextAt(a.Type, k)))
            {
                Progression = progression,
            };
        }
        return new AxisDescriptor(a.Name, a.Type, kind, a.Values.Select(v => (object)v.Clone()).ToArray(), a.Values.Select(ValueText).ToArray());
    }

    /// <summary>The canonical text of a manifest value: numbers keep their JSON text, which the generator wrote canonically.</summary>
    public static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new InvalidDataException($"Unexpected axis value {value.GetRawText()} in manifest."),
    };

    private static AxisKind ParseKind(string kind) => kind switch
    {
        "grid" => AxisKind.Grid,
        "range" => AxisKind.Range,
        "replicates" => AxisKind.Replicates,
        "all" => AxisKind.AllValues,
        _ => throw new InvalidDataException($"Unknown axis kind '{kind}' in manifest (valid: grid, range, replicates, all)."),
    };
}
