using System.Text.Json;

namespace Experiments.Schema;

/// <summary>
/// Reads a JSON document token by token and value by value from a stream, holding only the current value in memory:
/// a results file of a million points (or of more than 2 GB) is read in a buffer of a few kilobytes. Also tracks the
/// 1-based line each value starts on, because every message about a results file names the line.
/// </summary>
internal sealed class JsonStreamCursor : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _position; // first byte not yet consumed
    private int _end;      // end of the data in the buffer
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    private long _linesBeforeBuffer; // '\n' seen in bytes already dropped from the buffer
    private int _countedTo;          // the buffer offset up to which '\n' were counted into _linesCounted
    private long _linesCounted;

    public JsonStreamCursor(Stream stream) => _stream = stream;

    /// <summary>The type of the last token read, and where it started.</summary>
    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>The 1-based line of the last token or value read.</summary>
    public long TokenLine { get; private set; } = 1;

    /// <summary>The string of the last token, when it was a property name or a string.</summary>
    public string? TokenString { get; private set; }

    /// <summary>Reads the next token; false at the end of the data.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_position, _end - _position), _final, _state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                TokenString = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                TokenLine = LineAt(_position + (int)reader.TokenStartIndex);
                Commit(ref reader);
                return true;
            }
            if (_final)
                return false;
            Fill();
        }
    }

    /// <summary>
    /// Reads the next whole value (after a property name, or the next element of an array) into a document the caller
    /// disposes; null when the next token ends the array instead.
    /// </summary>
    public JsonDocument? ReadValue()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_position, _end - _position), _final, _state);
            if (!reader.Read())
            {
                if (_final)
                    throw new JsonException("The data ends in the middle of the document.");
                Fill();
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndArray)
            {
                TokenType = reader.TokenType;
                TokenLine = LineAt(_position + (int)reader.TokenStartIndex);
                Commit(ref reader);
                return null;
            }
            var start = _position + (int)reader.TokenStartIndex;
            if (JsonDocument.TryParseValue(ref reader, out var document))
            {
                TokenType = reader.TokenType;
                TokenString = null;
                TokenLine = LineAt(start);
                Commit(ref reader);
                return document;
            }
            if (_final)
                throw new JsonException("The data ends in the middle of a value.");
            Fill();
        }
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _position += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private long LineAt(int offset)
    {
        if (offset < _countedTo)
        {
            _countedTo = 0;
            _linesCounted = 0;
        }
        _linesCounted += _buffer.AsSpan(_countedTo, offset - _countedTo).Count((byte)'\n');
        _countedTo = offset;
        return _linesBeforeBuffer + _linesCounted + 1;
    }

    /// <summary>Drops consumed bytes, grows the buffer when one value fills it, and reads more of the stream.</summary>
    private void Fill()
    {
        if (_position > 0)
        {
            LineAt(_position);
            _linesBeforeBuffer += _linesCounted;
            _linesCounted = 0;
            _countedTo = 0;
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
            _end -= _position;
            _position = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _final = true;
        _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
