using System.Text.Json;
using System.Text.Json.Serialization;
using Experiments.Tool.Journal;

namespace Experiments.Tool.Artifacts;

/// <summary>
/// What a run did with one experiment's artifacts, kept in the run's journal (<c>artifacts.json</c>) so that
/// <c>status</c> can say it after the run.
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Home">Where they were collected, relative to the project folder ('/'-separated).</param>
/// <param name="Points">Points whose artifacts were collected.</param>
/// <param name="Bytes">Their size.</param>
/// <param name="LeftPoints">Points whose artifacts were left in the store (over the cap, or not collected at all).</param>
/// <param name="LeftBytes">Their size.</param>
/// <param name="Store">The store they were left in (its artifacts folder), when any were left.</param>
/// <param name="Reason">Why they were left, in words.</param>
public sealed record ArtifactCollection(
    [property: JsonPropertyName("experiment")] string Experiment,
    [property: JsonPropertyName("home")] string Home,
    [property: JsonPropertyName("points")] int Points,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("leftPoints")] int LeftPoints,
    [property: JsonPropertyName("leftBytes")] long LeftBytes,
    [property: JsonPropertyName("store")] string? Store,
    [property: JsonPropertyName("reason")] string? Reason)
{
    public const string FileName = "artifacts.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Save(string runDirectory, IReadOnlyList<ArtifactCollection> collections) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(collections, Json) + "\n");

    /// <summary>What the run recorded; empty when it collected none (or has not ended yet).</summary>
    public static IReadOnlyList<ArtifactCollection> Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<ArtifactCollection>>(File.ReadAllText(path), Json) ?? [];
        }
        catch (JsonException)
        {
            return []; // a journal note only: status goes on without it
        }
    }
}
