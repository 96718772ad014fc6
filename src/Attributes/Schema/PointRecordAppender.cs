namespace Experiments.Schema;

/// <summary>
/// Appends records to one task's record file, one whole line per write, flushed at once so a reader (or the controller
/// after a crash) sees every record the moment it is written. If the file ends in a line cut off by a crash, a newline
/// is written first so the fragment stays a line of its own that readers skip, instead of spoiling the next record.
/// </summary>
public sealed class PointRecordAppender : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

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

    public void Append(PointRecord record)
    {
        var line = PointRecordJson.SerializeLine(record);
        lock (_gate)
        {
            _stream.Position = _stream.Length;
            _stream.Write(line);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _stream.Dispose();
    }
}
