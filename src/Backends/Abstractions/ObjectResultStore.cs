using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.Backends;

/// <summary>
/// A result store in object storage (<c>{prefix}/records/*.jsonl</c> in S3, Azure Blob Storage or Google Cloud Storage):
/// what the tool reads while cloud tasks run. Workers replace a task's record object with a longer copy as records are
/// written, so each read lists <c>records/</c> once and fetches, for each object that grew, only the bytes after those
/// already read. A last line without its newline is left for a later read; complete lines that are not records are
/// reported as <see cref="PointRecordReader"/> reports them.
/// </summary>
public sealed class ObjectResultStore : IResultStore, IArtifactStore
{
    private readonly IObjectStore _store;
    private readonly Dictionary<string, ObjectCursor> _cursors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _lastFailure;

    public ObjectResultStore(IObjectStore store) => _store = store;

    public string Location => _store.Location;

    public async Task<StoreRead> ReadNewAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<PointRecord>();
        var problems = new List<string>();
        try
        {
            var prefix = PointRecordFiles.RecordsFolder + "/";
            var listing = await _store.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
            foreach (var entry in listing)
            {
                if (!entry.Name.EndsWith(PointRecordFiles.Extension, StringComparison.Ordinal) || entry.Name.IndexOf('/', prefix.Length) >= 0)
                    continue;
                var cursor = _cursors.GetValueOrDefault(entry.Name, ObjectCursor.Start);
                if (entry.Size == cursor.Size && entry.ETag == cursor.ETag)
                    continue;
                _cursors[entry.Name] = await ReadObjectAsync(entry, cursor, records, problems, cancellationToken).ConfigureAwait(false);
            }
            _lastFailure = null;
            return new StoreRead(records, problems);
        }
        catch (ObjectStoreException e)
        {
            // The store refused or did not answer (the SDKs have retried already): what was read is kept, the rest is
            // read at the next call, since cursors only move past what was read. Said once while it keeps failing.
            var message = $"Could not read the records in {_store.Location}: {e.Message} Reading again at the next poll; " +
                "if it keeps failing, stop with Ctrl+C (finished points are recorded) and resume the run later.";
            if (message != _lastFailure)
                problems.Add(message);
            _lastFailure = message;
            return new StoreRead(records, problems);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The objects under <c>artifacts/{experiment}/</c> that workers uploaded as their points ended.</summary>
    public async Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(string experimentName, CancellationToken cancellationToken)
    {
        var prefix = PointRecordFiles.ArtifactsPrefix(experimentName) + "/";
        var found = new List<StoredArtifact>();
        foreach (var entry in await _store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = entry.Name[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash <= 0 || slash == rest.Length - 1)
                continue; // not inside a point's folder
            found.Add(new StoredArtifact(experimentName, rest[..slash], rest[(slash + 1)..], entry.Size));
        }
        return found;
    }

    public async Task CopyArtifactAsync(StoredArtifact artifact, string destination, CancellationToken cancellationToken)
    {
        var name = $"{PointRecordFiles.ArtifactsPrefix(artifact.Experiment)}/{artifact.PointFolder}/{artifact.Path}";
        var content = await _store.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectStoreException($"{_store.Location}/{name} was listed but is gone.");
        await File.WriteAllBytesAsync(destination, content, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _store.Dispose();
        _gate.Dispose();
    }

    private async Task<ObjectCursor> ReadObjectAsync(
        ObjectEntry entry, ObjectCursor cursor, List<PointRecord> records, List<string> problems, CancellationToken cancellationToken)
    {
        var display = $"{_store.Location}/{entry.Name}";
        if (entry.Size < cursor.Offset)
        {
            // Stores only grow; a shorter object was replaced. Start over rather than miss what it holds now.
            problems.Add($"{display}: the object shrank from {cursor.Offset} to {entry.Size} bytes; reading it again from the start.");
            cursor = ObjectCursor.Start;
        }
        // One byte before the cursor comes along: it must still be the newline that ended the last line read, or the
        // object was rewritten rather than appended to, and is read again from the start.
        var from = Math.Max(0, cursor.Offset - 1);
        var range = await _store.GetFromAsync(entry.Name, from, cancellationToken).ConfigureAwait(false);
        if (range is null)
            return cursor; // deleted between listing and reading
        var content = range.Content.AsMemory();
        if (cursor.Offset > 0)
        {
            if (content.Length == 0 || content.Span[0] != (byte)'\n')
            {
                problems.Add($"{display}: the object was rewritten (its content before byte {cursor.Offset} changed); reading it again from the start.");
                range = await _store.GetFromAsync(entry.Name, 0, cancellationToken).ConfigureAwait(false);
                if (range is null)
                    return ObjectCursor.Start;
                cursor = ObjectCursor.Start;
                content = range.Content.AsMemory();
            }
            else
            {
                content = content[1..];
            }
        }
        var (consumed, lines) = PointRecordReader.ReadLines(content.Span, cursor.LineNumber, records, problems, display);
        // Size and ETag as the listing showed them: listings are what later reads compare with (a download's ETag
        // header need not be the listing's, as with GCS media downloads).
        return new ObjectCursor(cursor.Offset + consumed, lines, entry.Size, entry.ETag);
    }

    /// <summary>How far an object has been read, and the size and ETag it had then (unchanged objects are not fetched).</summary>
    private readonly record struct ObjectCursor(long Offset, long LineNumber, long Size, string ETag)
    {
        public static ObjectCursor Start => new(0, 0, -1, "");
    }
}
