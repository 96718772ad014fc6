using System.Text.Json;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Tool.Tests.Support;

/// <summary>Hand-made manifests: the tool plans from manifests only, so unit tests need no built project.</summary>
public static class TestManifests
{
    /// <param name="name">Full experiment name, <c>Namespace.Type.Method</c>.</param>
    /// <param name="axes">Each axis as (name, C# type, JSON value texts).</param>
    public static ManifestExperiment Experiment(string name, int retries = 0, string? timeout = null, params (string Name, string Type, string[] Values)[] axes)
    {
        var type = name[..name.LastIndexOf('.')];
        var method = name[(name.LastIndexOf('.') + 1)..];
        var manifestAxes = axes.Select(a => new ManifestAxis(
            a.Name,
            a.Type,
            "grid",
            a.Values.Select(v => JsonDocument.Parse(a.Type is "string" or "char" || IsEnum(a.Type) ? JsonSerializer.Serialize(v) : v).RootElement.Clone()).ToArray()))
            .ToArray();
        var points = axes.Aggregate(1L, (n, a) => n * a.Values.Length);
        return new ManifestExperiment(
            name, type, method, type[(type.LastIndexOf('.') + 1)..] + ".cs", true, manifestAxes, points,
            "hash-" + string.Join("-", axes.Select(a => a.Name + a.Values.Length)),
            new ManifestResources(timeout, retries, 1, null, null, 0));
    }

    public static ManifestModel Manifest(params ManifestExperiment[] experiments) =>
        new(ManifestModel.CurrentSchema, "0.1.0", "Tests", experiments.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray());

    public static ExperimentDescriptor Descriptor(ManifestExperiment experiment) => Schema.Manifest.ToDescriptor(experiment);

    public static IReadOnlyList<ExperimentDescriptor> Descriptors(params ManifestExperiment[] experiments) =>
        experiments.Select(Descriptor).ToArray();

    private static bool IsEnum(string type) => type.Contains('.');
}
