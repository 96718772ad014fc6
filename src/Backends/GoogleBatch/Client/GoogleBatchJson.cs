using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>The JSON the Batch API speaks: camelCase members, absent rather than null.</summary>
internal static class GoogleBatchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Numbers follow the discovery document exactly: int64 members carry their own string handling.
        NumberHandling = JsonNumberHandling.Strict,
    };
}
