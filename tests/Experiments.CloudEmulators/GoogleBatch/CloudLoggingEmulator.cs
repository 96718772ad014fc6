using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.GoogleBatch;

/// <summary>
/// Google Cloud Logging v2's <c>entries.list</c> (<c>POST /v2/entries:list</c>) over the entries the
/// <see cref="GoogleBatchEmulator"/> writes for its tasks' output, as Batch does with <c>logsPolicy: CLOUD_LOGGING</c>:
/// log <c>projects/{project}/logs/batch_task_logs</c>, one entry per line, labelled <c>job_uid</c> and
/// <c>task_id</c> (<c>task/{uid}-group0-{index}/{retry}/{runnable}</c>), INFO for stdout and ERROR for stderr.
/// The Logging discovery document is not among the official definitions here, so requests are checked against the
/// <c>ListLogEntriesRequest</c> fields as Google documents them: <c>resourceNames</c> (required), <c>filter</c>,
/// <c>orderBy</c> (<c>timestamp asc|desc</c>), <c>pageSize</c> (1–1000, default 50), <c>pageToken</c>; the filter
/// language is the subset the backend writes: comparisons <c>field="value"</c> and <c>field:"value"</c> (has) on
/// <c>logName</c>, <c>severity</c> and <c>labels.*</c>, joined by AND.
/// </summary>
public sealed partial class CloudLoggingEmulator : EmulatorHost
{
    public const string ListOperation = "logging.entries.list";
    public const int MaxPageSize = 1000;
    private const int DefaultPageSize = 50;

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "resourceNames", "projectIds", "filter", "orderBy", "pageSize", "pageToken" };

    private readonly ConcurrentQueue<Entry> _entries = new();
    private long _sequence;

    /// <summary>Every entry written so far, in the order written.</summary>
    public IReadOnlyList<JsonElement> Entries => _entries.Select(e => JsonSerializer.SerializeToElement(e.Json)).ToArray();

    /// <summary>Writes one entry per line of an attempt's output (called by the Batch emulator after each runnable).</summary>
    public void Write(string project, string logId, IReadOnlyDictionary<string, string> labels, IReadOnlyList<TaskOutputLine> lines)
    {
        foreach (var line in lines)
        {
            var sequence = Interlocked.Increment(ref _sequence);
            _entries.Enqueue(new Entry(sequence, line.At, new Dictionary<string, object?>
            {
                ["logName"] = $"projects/{project}/logs/{logId}",
                ["resource"] = new Dictionary<string, object?> { ["type"] = "generic_task", ["labels"] = new Dictionary<string, string> { ["project_id"] = project } },
                ["textPayload"] = line.Text,
                ["timestamp"] = line.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                ["receiveTimestamp"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                ["severity"] = line.Stream == TaskStream.StandardError ? "ERROR" : "INFO",
                ["insertId"] = sequence.ToString("x12", CultureInfo.InvariantCulture),
                ["labels"] = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            }));
        }
    }

    protected override string? Unauthorized(EmulatorRequest request) => GoogleErrors.RequireBearer(request);

    protected override OperationMatch? FindOperation(string method, string path) =>
        method == "POST" && path == "/v2/entries:list" ? new OperationMatch(ListOperation, new Dictionary<string, string>()) : null;

    protected override IReadOnlyList<ContractViolation> Validate(EmulatorRequest request)
    {
        if (request.Operation is null)
            return [new ContractViolation("request", $"{request.Method} {request.Path} is not a Cloud Logging method this emulator knows; it serves POST /v2/entries:list.")];
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            return [new ContractViolation(JsonPaths.Root, "the body must be a ListLogEntriesRequest object.")];
        var problems = new List<ContractViolation>();
        foreach (var property in body.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
            problems.Add(new ContractViolation($"$.{property.Name}", $"is not a field of ListLogEntriesRequest (known: {string.Join(", ", Fields)})."));
        if (!body.TryGetProperty("resourceNames", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0)
            problems.Add(new ContractViolation("$.resourceNames", "is required: the projects (projects/[PROJECT_ID]) to read from."));
        else if (names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String || !ResourceName().IsMatch(n.GetString()!)))
            problems.Add(new ContractViolation("$.resourceNames", "each must be projects/[PROJECT_ID], organizations/[ID], billingAccounts/[ID] or folders/[ID], optionally with a bucket view."));
        if (body.TryGetProperty("orderBy", out var order) && (order.ValueKind != JsonValueKind.String || order.GetString() is not ("timestamp asc" or "timestamp desc")))
            problems.Add(new ContractViolation("$.orderBy", "must be \"timestamp asc\" (the default) or \"timestamp desc\"."));
        if (body.TryGetProperty("pageSize", out var size) && (size.ValueKind != JsonValueKind.Number || !size.TryGetInt32(out var n) || n is < 1 or > MaxPageSize))
            problems.Add(new ContractViolation("$.pageSize", $"must be an int32 from 1 to {MaxPageSize}."));
        if (body.TryGetProperty("filter", out var filter) && (filter.ValueKind != JsonValueKind.String || Parse(filter.GetString()!) is null))
            problems.Add(new ContractViolation("$.filter", "is not a filter this emulator understands: field=\"value\" or field:\"value\" on logName, severity or labels.*, joined by AND."));
        foreach (var text in (string[])["pageToken", "filter"])
        {
            if (body.TryGetProperty(text, out var value) && value.ValueKind != JsonValueKind.String)
                problems.Add(new ContractViolation($"$.{text}", "must be a string."));
        }
        return problems;
    }

    protected override Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body!.Value;
        var projects = body.GetProperty("resourceNames").EnumerateArray().Select(n => n.GetString()!).ToArray();
        var terms = body.TryGetProperty("filter", out var f) ? Parse(f.GetString()!)! : [];
        var descending = body.TryGetProperty("orderBy", out var o) && o.GetString() == "timestamp desc";
        var size = body.TryGetProperty("pageSize", out var s) ? s.GetInt32() : DefaultPageSize;
        var offset = body.TryGetProperty("pageToken", out var t) && int.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
        var matching = _entries
            .Where(e => projects.Any(p => ((string)e.Json["logName"]!).StartsWith(p + "/logs/", StringComparison.Ordinal)))
            .Where(e => terms.All(term => term.Matches(e)));
        var ordered = (descending ? matching.OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence) : matching.OrderBy(e => e.At).ThenBy(e => e.Sequence)).ToArray();
        var page = ordered.Skip(offset).Take(size).Select(e => e.Json).ToArray();
        var answer = new Dictionary<string, object?> { ["entries"] = page };
        if (offset + size < ordered.Length)
            answer["nextPageToken"] = (offset + size).ToString(CultureInfo.InvariantCulture);
        return Task.FromResult(new EmulatorReply(200, answer));
    }

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null) =>
        GoogleErrors.Reply(status, message, violations);

    protected override EmulatorReply Throttled() =>
        GoogleErrors.Reply(429, "Quota exceeded for quota metric 'Read requests' (emulated throttling).", null);

    /// <summary>The terms of a filter, or null when it holds anything else.</summary>
    private static IReadOnlyList<Term>? Parse(string filter)
    {
        var terms = new List<Term>();
        foreach (var part in filter.Split(" AND ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Comparison().Match(part);
            if (!match.Success)
                return null;
            terms.Add(new Term(match.Groups["field"].Value, match.Groups["op"].Value == ":", match.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal)));
        }
        return terms;
    }

    private sealed record Entry(long Sequence, DateTimeOffset At, Dictionary<string, object?> Json);

    private sealed record Term(string Field, bool Has, string Value)
    {
        public bool Matches(Entry entry)
        {
            var actual = Field switch
            {
                "logName" => (string?)entry.Json["logName"],
                "severity" => (string?)entry.Json["severity"],
                _ when Field.StartsWith("labels.", StringComparison.Ordinal) =>
                    ((Dictionary<string, string>)entry.Json["labels"]!).GetValueOrDefault(Field["labels.".Length..]),
                _ => null,
            };
            return actual is not null && (Has ? actual.Contains(Value, StringComparison.Ordinal) : actual == Value);
        }
    }

    [GeneratedRegex(@"^(?<field>logName|severity|labels\.[A-Za-z0-9_./-]+)\s*(?<op>=|:)\s*""(?<value>(?:[^""\\]|\\.)*)""$", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^(projects|organizations|billingAccounts|folders)/[^/]+(/locations/[^/]+/buckets/[^/]+/views/[^/]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
