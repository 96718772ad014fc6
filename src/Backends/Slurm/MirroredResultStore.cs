namespace Experiments.Backends.Slurm;

/// <summary>
/// The store of a run whose shared directory is on a remote login node: each read first brings a local copy of the
/// run's <c>records/</c> up to date with rsync over the user's ssh, then reads what was appended, as the local store does.
/// </summary>
internal sealed class MirroredResultStore(ISlurmShell shell, string clusterRunDirectory, string localMirror) : IResultStore
{
    private readonly DirectoryResultStore _local = new(localMirror);

    public string Location => $"{shell.Where}:{clusterRunDirectory}";

    public async Task<StoreRead> ReadNewAsync(CancellationToken cancellationToken)
    {
        var records = clusterRunDirectory.TrimEnd('/') + "/" + Experiments.Schema.PointRecordFiles.RecordsFolder;
        await shell.PullDirectoryAsync(records, Experiments.Schema.PointRecordFiles.RecordsDirectory(localMirror), cancellationToken).ConfigureAwait(false);
        return _local.ReadNew();
    }

    public void Dispose() => _local.Dispose();
}
