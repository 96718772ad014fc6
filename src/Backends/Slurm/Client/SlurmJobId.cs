using System.Globalization;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Slurm's job id text as squeue and sacct print it: <c>123</c> (a plain job, or an array not yet split),
/// <c>123_4</c> (one array task), <c>123_[5-9%2]</c> or <c>123_[1,3,5-7]</c> (pending array tasks still held together),
/// each optionally with a step (<c>123_4.batch</c>, <c>123_4.extern</c>, <c>123_4.0</c>).
/// </summary>
public sealed record SlurmJobId(string JobId, IReadOnlyList<int>? ArrayIndexes, string? Step)
{
    public static SlurmJobId Parse(string text, string command)
    {
        var step = (string?)null;
        var rest = text;
        var dot = rest.IndexOf('.');
        if (dot >= 0)
        {
            step = rest[(dot + 1)..];
            rest = rest[..dot];
        }
        var underscore = rest.IndexOf('_');
        var job = underscore < 0 ? rest : rest[..underscore];
        if (job.Length == 0 || !job.All(char.IsAsciiDigit))
            throw new SlurmOutputException(command, text, $"'{text}' is not a job id");
        if (underscore < 0)
            return new SlurmJobId(job, null, step);
        var indexes = ParseIndexes(rest[(underscore + 1)..]);
        return indexes is null
            ? throw new SlurmOutputException(command, text, $"'{text}' has no array index Slurm would print (N, or [N-M,K%C])")
            : new SlurmJobId(job, indexes, step);
    }

    private static List<int>? ParseIndexes(string text)
    {
        if (!text.StartsWith('['))
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var single) ? [single] : null;
        if (!text.EndsWith(']'))
            return null;
        var inner = text[1..^1];
        var percent = inner.IndexOf('%');
        if (percent >= 0)
            inner = inner[..percent]; // the array's concurrency cap, not an index
        var indexes = new List<int>();
        foreach (var part in inner.Split(','))
        {
            var dash = part.IndexOf('-');
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? part : part[(dash + 1)..];
            var colon = last.IndexOf(':');
            var stride = 1;
            if (colon >= 0 && !int.TryParse(last[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out stride))
                return null;
            if (colon >= 0)
                last = last[..colon];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || to < from || stride < 1)
                return null;
            for (var i = from; i <= to; i += stride)
                indexes.Add(i);
        }
        return indexes;
    }
}
