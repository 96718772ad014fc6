namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>
/// Cloud Logging's entries.list input (<c>ListLogEntriesRequest</c>): the projects to search, an advanced-logs
/// filter, <c>timestamp desc</c> to get the newest entries first, and a page of at most 1,000.
/// </summary>
public sealed record ListLogEntriesRequest(
    IReadOnlyList<string> ResourceNames,
    string? Filter = null,
    string? OrderBy = null,
    int? PageSize = null,
    string? PageToken = null)
{
    /// <summary>The most entries one page holds.</summary>
    public const int MaxPageSize = 1000;
}

/// <summary>One page of entries and the token of the next.</summary>
public sealed record ListLogEntriesResponse(IReadOnlyList<LogEntry>? Entries = null, string? NextPageToken = null);

/// <summary>One log entry: Batch writes one per line a runnable printed, as <see cref="TextPayload"/>, labelled with the job's uid and the task.</summary>
public sealed record LogEntry(
    string? LogName = null,
    string? TextPayload = null,
    string? Timestamp = null,
    string? Severity = null,
    string? InsertId = null,
    IReadOnlyDictionary<string, string>? Labels = null);
