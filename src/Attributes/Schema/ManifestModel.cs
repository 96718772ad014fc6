using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Schema;

/// <summary>
/// <c>experiments.manifest.json</c>, written next to the built assembly: what the tool plans from without loading user
/// code. The generator emits this JSON; these types read it. Bump <see cref="CurrentSchema"/> on any breaking change.
/// </summary>
public sealed record ManifestModel(
    [property: JsonPropertyName("schema")] int Schema,
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("assembly")] string Assembly,
    [property: JsonPropertyName("experiments")] IReadOnlyList<ManifestExperiment> Experiments)
{
    public const int CurrentSchema = 2;
    public const string FileName = "experiments.manifest.json";
}

public sealed record ManifestExperiment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("explicit")] bool Explicit,
    [property: JsonPropertyName("axes")] IReadOnlyList<ManifestAxis> Axes,
    [property: JsonPropertyName("points")] long Points,
    [property: JsonPropertyName("gridHash")] string GridHash,
    [property: JsonPropertyName("resources")] ManifestResources Resources);

/// <param name="Type">C# keyword for built-in types (<c>double</c>, <c>int</c>, <c>string</c>, <c>bool</c>, <c>char</c>,
/// <c>decimal</c>, <c>long</c>, <c>float</c>, …), else the enum's full name.</param>
/// <param name="Kind"><c>grid</c>, <c>range</c>, <c>replicates</c> or <c>all</c>.</param>
/// <param name="Values">Numbers as JSON numbers in canonical text; strings, chars and enum member names as JSON
/// strings; bools as JSON booleans. Range and replicates axes are written as <c>start</c>, <c>step</c> and <c>count</c>
/// (<see cref="ManifestAxisConverter"/>) and their values computed when read (<see cref="ResultsFileAxes.TryArithmetic"/>).</param>
[JsonConverter(typeof(ManifestAxisConverter))]
public sealed record ManifestAxis(string Name, string Type, string Kind, IReadOnlyList<JsonElement> Values);

/// <param name="Timeout">TimeSpan constant format (<c>00:05:00</c>), or null.</param>
public sealed record ManifestResources(
    [property: JsonPropertyName("timeout")] string? Timeout,
    [property: JsonPropertyName("retries")] int Retries,
    [property: JsonPropertyName("cpus")] int Cpus,
    [property: JsonPropertyName("memory")] string? Memory,
    [property: JsonPropertyName("memoryBytes")] long? MemoryBytes,
    [property: JsonPropertyName("gpus")] int Gpus);
