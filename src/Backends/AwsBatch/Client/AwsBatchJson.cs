using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Backends.AwsBatch.Client;

/// <summary>How the client writes and reads AWS Batch's JSON: the model's camelCase member names, nulls left out.</summary>
internal static class AwsBatchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Reading: AWS adds members over time; unknown ones are ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
