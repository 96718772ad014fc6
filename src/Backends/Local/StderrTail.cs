namespace Experiments.Backends.Local;

/// <summary>The last lines a worker wrote to stderr: what a crash record carries as its detail.</summary>
internal sealed class StderrTail(int maxLines = 40, int maxChars = 8000)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private int _chars;

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            _chars += line.Length + 1;
            while (_lines.Count > maxLines || (_chars > maxChars && _lines.Count > 1))
                _chars -= _lines.Dequeue().Length + 1;
        }
    }

    public string Text()
    {
        lock (_gate)
            return string.Join('\n', _lines);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _lines.Clear();
            _chars = 0;
        }
    }
}
