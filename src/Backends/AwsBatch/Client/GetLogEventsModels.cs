namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// CloudWatch Logs' GetLogEvents input. With <see cref="StartFromHead"/> false and no token, the answer holds the
/// newest <see cref="Limit"/> events (at most 10,000, or 1 MB), oldest first: the end of a task's output.
/// </summary>
public sealed record GetLogEventsRequest(
    string LogGroupName,
    string LogStreamName,
    int? Limit = null,
    bool? StartFromHead = null,
    string? NextToken = null);

/// <summary>The events, oldest first, and tokens to page further back (<see cref="NextBackwardToken"/>) or on.</summary>
public sealed record GetLogEventsResponse(
    IReadOnlyList<OutputLogEvent>? Events = null,
    string? NextForwardToken = null,
    string? NextBackwardToken = null);

/// <summary>One line the container printed (the awslogs driver makes one event per line), with its time in epoch ms.</summary>
public sealed record OutputLogEvent(long? Timestamp = null, string? Message = null, long? IngestionTime = null);
