using System.Buffers;

namespace Experiments.Schema;

/// <summary>
/// Reads records from a JSON-lines file starting at a byte offset, stopping before a last line that has no newline yet:
/// a writer may be in the middle of it, or may have died in it. Complete lines that are not records (the remains of a
/// write cut off by a crash, which the next writer terminates with a newline) are skipped and reported.
/// </summary>
public static class PointRecordReader
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Where to continue reading a file next time.</summary>
    /// <param name="Offset">The byte offset just after the last complete line read.</param>
    /// <param name="LineNumber">The number of complete lines read so far (for problem reports).</param>
    public readonly record struct Cursor(long Offset, long LineNumber)
    {
        public static Cursor Start => new(0, 0);
    }

    /// <summary>Appends the complete lines after <paramref name="from"/> to <paramref name="records"/> and returns the new cursor.</summary>
    /// <param name="displayName">How problems name the file (a path relative to the store).</param>
    public static Cursor Read(string path, Cursor from, List<PointRecord> records, List<string> problems, string? displayName = null)
    {
        displayName ??= path;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return from;
        }
        catch (DirectoryNotFoundException)
        {
            return from;
        }
        using (stream)
        {
            if (stream.Length < from.Offset)
            {
                // Stores only grow; a shorter file was replaced. Start over rather than miss what it holds now.
                problems.Add($"{displayName}: the file shrank from {from.Offset} to {stream.Length} bytes; reading it again from the start.");
                from = Cursor.Start;
            }
            stream.Position = from.Offset;
            var offset = from.Offset;
            var lineNumber = from.LineNumber;
            // Sized to what is new (a poll of a growing file reads kilobytes), pooled: the tool reads every file often.
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(stream.Length - from.Offset + 1, 4096, ChunkSize));
            var filled = 0;
            try
            {
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        // One line longer than the buffer: grow to hold it.
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    if (read == 0)
                        break;
                    filled += read;
                    (var consumed, lineNumber) = ReadLines(buffer.AsSpan(0, filled), lineNumber, records, problems, displayName);
                    offset += consumed;
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return new Cursor(offset, lineNumber);
        }
    }

    /// <summary>
    /// Adds the records of the complete lines of <paramref name="content"/> (a file's or an object's bytes from a line
    /// start); a line that is not a record becomes a problem naming <paramref name="displayName"/> and its line number.
    /// </summary>
    /// <returns>The bytes consumed (up to and including the last newline) and the number of the last line read.</returns>
    public static (int Consumed, long LineNumber) ReadLines(
        ReadOnlySpan<byte> content, long lineNumber, List<PointRecord> records, List<string> problems, string displayName)
    {
        var consumed = 0;
        while (true)
        {
            var newline = content[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
                return (consumed, lineNumber);
            lineNumber++;
            var line = content.Slice(consumed, newline).TrimEnd((byte)'\r');
            if (!line.IsEmpty)
            {
                var record = PointRecordJson.TryParse(line, out var problem);
                if (record is not null)
                    records.Add(record);
                else
                    problems.Add($"{displayName} line {lineNumber}: not a point record ({problem}); skipped.");
            }
            consumed += newline + 1;
        }
    }

    /// <summary>All complete records of a file (a worker reading its own task's history).</summary>
    public static IReadOnlyList<PointRecord> ReadAll(string path, List<string>? problems = null)
    {
        var records = new List<PointRecord>();
        Read(path, Cursor.Start, records, problems ?? []);
        return records;
    }
}
