namespace Experiments.Backends.Slurm;

/// <summary>
/// What a Slurm submission must remember, kept in <see cref="Submission.Properties"/> so that <c>status</c>,
/// <c>cancel</c> and <c>resume</c> from another process find the arrays and the store again.
/// </summary>
/// <param name="Arrays">The array jobs and the plan tasks each runs (<c>arrays</c>: <c>jobId:offset:count</c> per array).</param>
/// <param name="ClusterRunDirectory">The run's directory on the cluster (plan, records, logs, scripts).</param>
/// <param name="Host">The ssh destination, or null when Slurm is on this machine.</param>
/// <param name="LocalMirror">With a host: the local folder the records are copied into; else null.</param>
public sealed record SlurmSubmissionFacts(IReadOnlyList<SubmittedJob> Arrays, string ClusterRunDirectory, string? Host, string? LocalMirror)
{
    internal const string ArraysKey = "arrays";
    private const string RunKey = "clusterRunDirectory";
    private const string HostKey = "host";
    private const string MirrorKey = "localMirror";

    public IReadOnlyList<string> JobIds => Arrays.Select(a => a.Id).ToArray();

    /// <summary>Everything but the arrays, which the core writes.</summary>
    public Dictionary<string, string> ScopeProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { [RunKey] = ClusterRunDirectory };
        if (Host is not null)
            properties[HostKey] = Host;
        if (LocalMirror is not null)
            properties[MirrorKey] = LocalMirror;
        return properties;
    }

    public IReadOnlyDictionary<string, string> ToProperties() => new Dictionary<string, string>(ScopeProperties()) { [ArraysKey] = BatchJobs.Format(Arrays) };

    public static SlurmSubmissionFacts Of(Submission submission)
    {
        if (!submission.Properties.TryGetValue(RunKey, out var run) || !submission.Properties.ContainsKey(ArraysKey))
            throw new InvalidDataException($"Submission {submission.Id} does not hold the Slurm arrays and run directory; its journal entry is damaged.");
        return new SlurmSubmissionFacts(BatchJobs.Parse(submission, ArraysKey), run, submission.Properties.GetValueOrDefault(HostKey), submission.Properties.GetValueOrDefault(MirrorKey));
    }
}
