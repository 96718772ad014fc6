using System.Text.Json;
using Experiments.CloudEmulators.Contracts;

namespace Experiments.CloudEmulators.Tests.Contracts;

/// <summary>Reads the official example files beside the definitions, and parses request bodies written in tests.</summary>
internal static class ExampleFiles
{
    public static JsonElement AzureExample(string name)
    {
        var path = Path.Combine(CloudApiDefinitions.Directory, "examples", name + ".json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("parameters");
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static IReadOnlyDictionary<string, string> Query(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value);

    public static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
}
