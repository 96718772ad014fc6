using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// What a Slurm submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c> and <c>resume</c> from another process find the arrays and the store again.
/// </summary>
/// <param name="Arrays">The array jobs and the plan tasks each runs.</param>
/// <param name="ClusterRunDirectory">The run's directory on the cluster (plan, records, logs, scripts).</param>
/// <param name="Host">The ssh destination, or null when Slurm is on this machine.</param>
/// <param name="LocalMirror">With a host: the local folder the records are copied into; else null.</param>
public sealed record SlurmSubmissionFacts(IReadOnlyList<SlurmArray> Arrays, string ClusterRunDirectory, string? Host, string? LocalMirror)
{
    private const string ArraysKey = "arrays";
    private const string RunKey = "clusterRunDirectory";
    private const string HostKey = "host";
    private const string MirrorKey = "localMirror";

    public IReadOnlyList<string> JobIds => Arrays.Select(a => a.JobId).ToArray();

    /// <summary>As properties: <c>arrays</c> is <c>jobId:offset:count</c> per array, comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ArraysKey] = string.Join(',', Arrays.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.JobId}:{a.Chunk.Offset}:{a.Chunk.Count}"))),
            [RunKey] = ClusterRunDirectory,
        };
        if (Host is not null)
            properties[HostKey] = Host;
        if (LocalMirror is not null)
            properties[MirrorKey] = LocalMirror;
        return properties;
    }

    public static SlurmSubmissionFacts Of(Submission submission)
    {
        var properties = submission.Properties;
        if (!properties.TryGetValue(ArraysKey, out var arraysText) || !properties.TryGetValue(RunKey, out var run))
            throw new InvalidDataException($"Submission {submission.Id} does not hold the Slurm arrays and run directory; its journal entry is damaged.");
        var arrays = new List<SlurmArray>();
        foreach (var item in arraysText.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new InvalidDataException($"Submission {submission.Id} has a damaged array entry '{item}' (expected jobId:offset:count).");
            arrays.Add(new SlurmArray(parts[0], new ArrayChunk(offset, count)));
        }
        return new SlurmSubmissionFacts(arrays, run, properties.GetValueOrDefault(HostKey), properties.GetValueOrDefault(MirrorKey));
    }
}
