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
        // A file whose length is where the last read stopped has nothing new: it is not opened again (most of a
        // large run's files are finished tasks, polled several times a second).
        var files = new DirectoryInfo(recordsDirectory).GetFiles("*" + PointRecordFiles.Extension);
        Array.Sort(files, (a, b) => StringComparer.Ordinal.Compare(a.FullName, b.FullName));
        var records = new List<PointRecord>();
        var problems = new List<string>();
        lock (_gate)
        {
            foreach (var file in files)
            {
                var cursor = _cursors.GetValueOrDefault(file.FullName, PointRecordReader.Cursor.Start);
                if (file.Length == cursor.Offset && cursor.Offset > 0)
                    continue;
                var display = Path.Combine(PointRecordFiles.RecordsFolder, file.Name);
                _cursors[file.FullName] = PointRecordReader.Read(file.FullName, cursor, records, problems, display);
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
