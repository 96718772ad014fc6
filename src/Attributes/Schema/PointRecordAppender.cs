namespace Experiments.Schema;

/// <summary>
/// Appends records to one task's record file, one whole line per write. <see cref="Append"/> writes at once, so a
/// reader (or the controller after a crash) sees the record the moment it is written; <see cref="AppendLater"/> holds a
/// record back until the next <see cref="Append"/>, <see cref="Flush"/> or <see cref="Dispose"/>, so a worker's final
/// record of one point and the started record of the next cost one write. If the file ends in a line cut off by a
/// crash, a newline is written first so the fragment stays a line of its own that readers skip, instead of spoiling
/// the next record.
/// </summary>
public sealed class PointRecordAppender : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();
    private readonly MemoryStream _held = new();

    public PointRecordAppender(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        if (_stream.Length > 0)
        {
            _stream.Position = _stream.Length - 1;
            var last = _stream.ReadByte();
            _stream.Position = _stream.Length;
            if (last != '\n')
            {
                _stream.WriteByte((byte)'\n');
                _stream.Flush();
            }
        }
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="record"/>, after any held-back records, in one write.</summary>
    public void Append(PointRecord record)
    {
        var line = PointRecordJson.SerializeLine(record);
        lock (_gate)
        {
            _held.Write(line);
            WriteHeld();
        }
    }

    /// <summary>Holds <paramref name="record"/> back until the next write: a final record nobody waits for.</summary>
    public void AppendLater(PointRecord record)
    {
        var line = PointRecordJson.SerializeLine(record);
        lock (_gate)
            _held.Write(line);
    }

    /// <summary>Writes the held-back records.</summary>
    public void Flush()
    {
        lock (_gate)
            WriteHeld();
    }

    private void WriteHeld()
    {
        if (_held.Length == 0)
            return;
        _stream.Position = _stream.Length;
        _stream.Write(_held.GetBuffer(), 0, (int)_held.Length);
        _stream.Flush();
        _held.SetLength(0);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                WriteHeld();
            }
            finally
            {
                _stream.Dispose();
            }
        }
    }
}
