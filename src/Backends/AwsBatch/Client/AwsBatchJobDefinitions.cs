using System.Security.Cryptography;
using System.Text.Json;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>A job definition revision to submit against.</summary>
/// <param name="Arn">What SubmitJob's <c>jobDefinition</c> takes.</param>
/// <param name="Registered">Whether this call registered it (false: an identical ACTIVE one was found).</param>
public sealed record AwsBatchJobDefinitionRef(string Name, int Revision, string Arn, bool Registered);

/// <summary>
/// Registers a job definition, or reuses an ACTIVE revision with the same content. Each revision the backend registers
/// carries the SHA-256 of its content (the request as JSON, tags left out) in the <see cref="ContentHashTag"/> tag, so
/// submitting the same image with the same resources again finds it instead of piling up revisions.
/// </summary>
public static class AwsBatchJobDefinitions
{
    public const string ContentHashTag = "experiments:content-sha256";

    /// <summary>The name rule of job definitions (and of jobs): 1–128 letters, numbers, hyphens and underscores.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 128 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string ContentHash(RegisterJobDefinitionRequest request)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(request with { Tags = null }, AwsBatchJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    public static async Task<AwsBatchJobDefinitionRef> EnsureAsync(IAwsBatchClient client, RegisterJobDefinitionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (!IsValidName(request.JobDefinitionName))
            throw new ArgumentException(
                $"'{request.JobDefinitionName}' is not a valid AWS Batch job definition name: use 1–128 letters, numbers, hyphens and underscores, starting with a letter or number.",
                nameof(request));
        var hash = ContentHash(request);
        var existing = await client.DescribeAllJobDefinitionsAsync(
            new DescribeJobDefinitionsRequest { JobDefinitionName = request.JobDefinitionName, Status = "ACTIVE" }, cancellationToken).ConfigureAwait(false);
        var same = existing
            .Where(d => d.JobDefinitionName == request.JobDefinitionName && d.Status is null or "ACTIVE"
                && d.Tags is not null && d.Tags.TryGetValue(ContentHashTag, out var tagged) && tagged == hash)
            .MaxBy(d => d.Revision);
        if (same is not null)
            return new AwsBatchJobDefinitionRef(same.JobDefinitionName, same.Revision, same.JobDefinitionArn, Registered: false);

        var tags = new Dictionary<string, string>(request.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [ContentHashTag] = hash };
        if (tags.Count > 50)
            throw new ArgumentException($"A job definition takes at most 50 tags; this one has {tags.Count} with the content hash.", nameof(request));
        var registered = await client.RegisterJobDefinitionAsync(request with { Tags = tags }, cancellationToken).ConfigureAwait(false);
        return new AwsBatchJobDefinitionRef(registered.JobDefinitionName, registered.Revision, registered.JobDefinitionArn, Registered: true);
    }
}
