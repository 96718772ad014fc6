using System.Text.Json;
using System.Text.Json.Nodes;

namespace Experiments.CloudEmulators.GoogleBatch;

/// <summary>An emulated Google Batch job with its one task group (guarded by the emulator's lock).</summary>
internal sealed class GoogleJob(string name, JsonObject spec, long taskCount, long parallelism, DateTimeOffset now)
{
    private static long _created;

    public const string GroupId = "group0";

    public string Name { get; } = name;
    public string Uid { get; } = "emulated-" + Guid.NewGuid().ToString("N")[..20];
    public JsonObject Spec { get; } = spec;
    public long TaskCount { get; } = taskCount;
    public long Parallelism { get; } = parallelism;
    public DateTimeOffset CreateTime { get; } = now;

    /// <summary>Creation order, which breaks ties between equal creation times.</summary>
    public long Sequence { get; } = Interlocked.Increment(ref _created);
    public DateTimeOffset UpdateTime { get; set; } = now;
    public DateTimeOffset? RunStart { get; set; }
    public DateTimeOffset? RunEnd { get; set; }
    public string State { get; private set; } = "QUEUED";
    public List<StatusEvent> Events { get; } = [];
    public List<GoogleTask> Tasks { get; } = [];
    public long NextToFeed { get; set; }
    public CancellationTokenSource Cancellation { get; } = new();

    public string GroupName => $"{Name}/taskGroups/{GroupId}";

    public JsonObject TaskSpec => (JsonObject)((JsonArray)Spec["taskGroups"]!)[0]!["taskSpec"]!;

    public JsonObject Group => (JsonObject)((JsonArray)Spec["taskGroups"]!)[0]!;

    public void MoveTo(string state, DateTimeOffset now)
    {
        Events.Add(new StatusEvent("STATUS_CHANGED", $"Job state is set from {State} to {state} for job {Name}.", now, null, null));
        State = state;
        UpdateTime = now;
    }
}

/// <summary>An emulated task of a Google Batch task group.</summary>
internal sealed class GoogleTask(GoogleJob job, int index)
{
    public GoogleJob Job { get; } = job;
    public int Index { get; } = index;
    public string State { get; private set; } = "PENDING";
    public int Attempts { get; set; }
    public List<StatusEvent> Events { get; } = [];

    public string Name => $"{Job.GroupName}/tasks/{Index}";

    public void MoveTo(string state, DateTimeOffset now, int? exitCode = null, string? why = null)
    {
        Events.Add(new StatusEvent("STATUS_CHANGED", why ?? $"Task state is updated from {State} to {state}.", now, state, exitCode));
        State = state;
    }
}

/// <summary>A StatusEvent of the definition.</summary>
internal sealed record StatusEvent(string Type, string Description, DateTimeOffset EventTime, string? TaskState, int? ExitCode);

/// <summary>JSON helpers for the emulator's answers.</summary>
internal static class GoogleJson
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) => span.TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) + "s";

    public static JsonObject Event(StatusEvent e)
    {
        var json = new JsonObject
        {
            ["type"] = e.Type,
            ["description"] = e.Description,
            ["eventTime"] = Time(e.EventTime),
        };
        if (e.TaskState is not null)
            json["taskState"] = e.TaskState;
        if (e.ExitCode is { } code)
            json["taskExecution"] = new JsonObject { ["exitCode"] = code };
        return json;
    }

    public static JsonObject ToNode(JsonElement element) => JsonNode.Parse(element.GetRawText())!.AsObject();
}
