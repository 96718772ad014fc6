using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>
/// Where workers put records. Reading is incremental: each call returns only what was appended since the last call,
/// and a line still being written (no newline yet) is left for a later call.
/// </summary>
public interface IResultStore : IDisposable
{
    /// <summary>The store's location as people should see it.</summary>
    string Location { get; }

    Task<StoreRead> ReadNewAsync(CancellationToken cancellationToken);
}

/// <summary>The records appended since the last read, and lines that were complete but not records.</summary>
/// <param name="Records">New records in the order each file holds them (files in name order).</param>
/// <param name="Problems">One text per skipped line: which file and line, and why (a write cut off by a crash).</param>
public sealed record StoreRead(IReadOnlyList<PointRecord> Records, IReadOnlyList<string> Problems)
{
    public static StoreRead Empty { get; } = new([], []);
}
