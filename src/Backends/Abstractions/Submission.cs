using System.Text.Json.Serialization;

namespace Experiments.Backends;

/// <summary>
/// A started submission, as the journal keeps it (JSON-serializable with System.Text.Json) so that <c>status</c>,
/// <c>cancel</c> and <c>resume</c> find it again from another process.
/// </summary>
/// <param name="Backend">The backend's <see cref="IExperimentBackend.Name"/>.</param>
/// <param name="Id">The submission's id, unique per backend.</param>
/// <param name="RunId">The plan's run id.</param>
/// <param name="PackageId">The prepared package's id.</param>
/// <param name="Store">Where the records are: a directory, or a bucket URI for the cloud.</param>
/// <param name="JobIds">The backend's own ids of what it started (array job ids, process ids for local).</param>
/// <param name="Tasks">The plan's task numbers this submission runs.</param>
/// <param name="SubmittedAt">When it was submitted (UTC).</param>
/// <param name="Properties">Backend-specific facts worth keeping (queue, region, worker count).</param>
public sealed record Submission(
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("packageId")] string PackageId,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("jobIds")] IReadOnlyList<string> JobIds,
    [property: JsonPropertyName("tasks")] IReadOnlyList<int> Tasks,
    [property: JsonPropertyName("submittedAt")] DateTimeOffset SubmittedAt,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties);
