using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Xml;

namespace Experiments.Backends.AzureBatch.Client;

/// <summary>How the client writes and reads Batch's JSON: the definition's camelCase names, nulls left out.</summary>
internal static class AzureBatchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Reading: Batch adds members over time (and sends odata.metadata); unknown ones are ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The resolved contract of a task, so measuring many tasks does not look it up each time.</summary>
    public static JsonTypeInfo<TaskAddParameter> TaskAddParameterInfo { get; } = (JsonTypeInfo<TaskAddParameter>)Options.GetTypeInfo(typeof(TaskAddParameter));

    /// <summary>An ISO 8601 duration as the definition's <c>duration</c> format wants it (<c>PT1H30M</c>).</summary>
    public static string Duration(TimeSpan time) => XmlConvert.ToString(time);
}
