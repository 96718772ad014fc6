using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>
/// A result store that is a directory (<c>{store}/records/*.jsonl</c>): on this machine for the local backend, on a
/// shared filesystem for Slurm. Remembers how far it has read each file, so each read costs only what was appended.
/// </summary>
public sealed class DirectoryResultStore : IResultStore, IArtifactStore
{
    private readonly Dictionary<string, PointRecordReader.Cursor> _cursors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DirectoryResultStore(string directory) => Location = directory;

    public string Location { get; }

    public Task<StoreRead> ReadNewAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadNew());
    }

    /// <summary>What was appended since the last read (a local read: quick, so not cancellable).</summary>
    public StoreRead ReadNew()
    {
        var recordsDirectory = PointRecordFiles.RecordsDirectory(Location);
        if (!Directory.Exists(recordsDirectory))
            return StoreRead.Empty;
        var files = Directory.GetFiles(recordsDirectory, "*" + PointRecordFiles.Extension);
        Array.Sort(files, StringComparer.Ordinal);
        var records = new List<PointRecord>();
        var problems = new List<string>();
        lock (_gate)
        {
            foreach (var file in files)
            {
                var cursor = _cursors.GetValueOrDefault(file, PointRecordReader.Cursor.Start);
                var display = Path.Combine(PointRecordFiles.RecordsFolder, Path.GetFileName(file));
                _cursors[file] = PointRecordReader.Read(file, cursor, records, problems, display);
            }
        }
        return new StoreRead(records, problems);
    }

    public Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(string experimentName, CancellationToken cancellationToken) =>
        Task.FromResult(DirectoryArtifacts.List(Location, experimentName));

    public Task CopyArtifactAsync(StoredArtifact artifact, string destination, CancellationToken cancellationToken)
    {
        DirectoryArtifacts.Copy(Location, artifact, destination);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
