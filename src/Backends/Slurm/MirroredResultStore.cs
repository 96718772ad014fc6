namespace Experiments.Backends.Slurm;

/// <summary>
/// The store of a run whose shared directory is on a remote login node: each read first brings a local copy of the
/// run's <c>records/</c> up to date with rsync over the user's ssh, then reads what was appended, as the local store does.
/// </summary>
internal sealed class MirroredResultStore(ISlurmShell shell, string clusterRunDirectory, string localMirror) : IResultStore, IArtifactStore
{
    private readonly DirectoryResultStore _local = new(localMirror);

    public string Location => $"{shell.Where}:{clusterRunDirectory}";

    private bool _failing;

    /// <summary>
    /// A pull that fails (the login node unreachable, ssh dropped) is reported once while it keeps failing, and what
    /// the mirror already holds is still read: the next read pulls again, and finished points are never lost.
    /// </summary>
    public async Task<StoreRead> ReadNewAsync(CancellationToken cancellationToken)
    {
        var records = clusterRunDirectory.TrimEnd('/') + "/" + Experiments.Schema.PointRecordFiles.RecordsFolder;
        string? failure = null;
        try
        {
            await shell.PullDirectoryAsync(records, Experiments.Schema.PointRecordFiles.RecordsDirectory(localMirror), cancellationToken).ConfigureAwait(false);
        }
        catch (SlurmShellException e)
        {
            failure = $"Could not copy the records from {Location}: {e.Message} Copying again at the next poll; " +
                "if it keeps failing, stop with Ctrl+C (finished points are recorded) and resume the run later.";
        }
        var read = _local.ReadNew();
        // rsync's words vary from one failed try to the next (its exit code races the ssh that failed): said once per outage.
        var report = failure is not null && !_failing;
        _failing = failure is not null;
        return report ? read with { Problems = [.. read.Problems, failure!] } : read;
    }

    /// <summary>Brings the mirror's copy of the experiment's artifacts up to date with rsync, then lists that copy.</summary>
    public async Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(string experimentName, CancellationToken cancellationToken)
    {
        var prefix = Experiments.Schema.PointRecordFiles.ArtifactsPrefix(experimentName);
        var mirror = Experiments.Schema.PointRecordFiles.ArtifactsRoot(localMirror, experimentName);
        try
        {
            await shell.PullDirectoryAsync(clusterRunDirectory.TrimEnd('/') + "/" + prefix, mirror, cancellationToken).ConfigureAwait(false);
        }
        catch (SlurmShellException e)
        {
            throw new IOException($"Could not copy the artifacts from {Location}/{prefix}: {e.Message}", e);
        }
        return DirectoryArtifacts.List(localMirror, experimentName);
    }

    public Task CopyArtifactAsync(StoredArtifact artifact, string destination, CancellationToken cancellationToken)
    {
        DirectoryArtifacts.Copy(localMirror, artifact, destination);
        return Task.CompletedTask;
    }

    public void Dispose() => _local.Dispose();
}
