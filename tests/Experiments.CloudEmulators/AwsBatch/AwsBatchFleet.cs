using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.AwsBatch;

/// <summary>
/// The compute fleet behind <see cref="AwsBatchContractProxy"/>: moto (with <c>batch.use_docker=false</c>) ends jobs
/// as SUCCEEDED at once without running anything, so the proxy tells this fleet about every job definition and job moto
/// accepted, the fleet runs each child through the test's hook (up to <see cref="AwsBatchContractProxy.Parallelism"/>
/// at once, in submission order, retried per the definition's retry strategy, stopped by TerminateJob or the attempt
/// timeout), and the proxy rewrites moto's DescribeJobs and ListJobs answers so that statuses, array status summaries,
/// attempts, exit codes and log streams are the fleet's; each attempt's output is written to its stream in moto's
/// CloudWatch Logs (<see cref="MotoLogs"/>). Jobs the fleet does not know keep moto's answers.
/// </summary>
public sealed class AwsBatchFleet : IAsyncDisposable
{
    /// <summary>The exit code of an attempt stopped by TerminateJob or its timeout (SIGKILL after SIGTERM).</summary>
    public const int KilledExitCode = 137;

    /// <summary>Where the awslogs driver writes when the job definition names no group of its own.</summary>
    public const string DefaultLogGroup = "/aws/batch/job";

    private static readonly string[] Statuses = ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"];

    private readonly Func<EmulatedTask, CancellationToken, Task<int>> _hook;
    private readonly EmulatorFaults _faults;
    private readonly TaskFleet _nodes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Child> _children = new(StringComparer.Ordinal);
    private readonly List<Job> _submitted = [];
    private readonly List<FleetAttempt> _attempts = [];
    private readonly MotoLogs _logs;

    internal AwsBatchFleet(Func<EmulatedTask, CancellationToken, Task<int>> hook, EmulatorFaults faults, int parallelism, Uri moto)
    {
        _hook = hook;
        _logs = new MotoLogs(moto);
        _faults = faults;
        _nodes = new TaskFleet(parallelism);
    }

    /// <summary>Every job submitted through the proxy, in submission order.</summary>
    public IReadOnlyList<FleetJob> Jobs
    {
        get
        {
            lock (_gate)
                return _submitted.Select(j => new FleetJob(j.Id, j.Name, j.ArraySize, j.DefinitionArn, j.Status())).ToArray();
        }
    }

    /// <summary>Every attempt that ended, in the order they ended (killed first attempts included).</summary>
    public IReadOnlyList<FleetAttempt> Attempts
    {
        get
        {
            lock (_gate)
                return _attempts.ToArray();
        }
    }

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();

    /// <summary>A RegisterJobDefinition moto accepted: its container, retry strategy and timeout, by the ARN moto gave it.</summary>
    internal void Registered(JsonElement request, JsonElement answer)
    {
        var container = request.TryGetProperty("containerProperties", out var c) ? c : default;
        var definition = new Definition(
            answer.GetProperty("jobDefinitionArn").GetString()!,
            answer.GetProperty("jobDefinitionName").GetString()!,
            answer.GetProperty("revision").GetInt32(),
            container.ValueKind == JsonValueKind.Object && container.TryGetProperty("image", out var image) ? image.GetString() : null,
            container.ValueKind == JsonValueKind.Object && container.TryGetProperty("command", out var command) ? command.EnumerateArray().Select(a => a.GetString()!).ToArray() : [],
            container.ValueKind == JsonValueKind.Object ? Environment(container) : [],
            request.TryGetProperty("retryStrategy", out var retry) && retry.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 1,
            request.TryGetProperty("timeout", out var timeout) && timeout.TryGetProperty("attemptDurationSeconds", out var seconds) ? seconds.GetInt32() : null,
            container.ValueKind == JsonValueKind.Object && container.TryGetProperty("logConfiguration", out var log)
                && log.TryGetProperty("options", out var logOptions) && logOptions.TryGetProperty("awslogs-group", out var group)
                ? group.GetString()! : DefaultLogGroup);
        lock (_gate)
            _definitions[definition.Arn] = definition;
    }

    /// <summary>A SubmitJob moto accepted: its children are queued on the fleet.</summary>
    internal void Submitted(JsonElement request, JsonElement answer)
    {
        var id = answer.GetProperty("jobId").GetString()!;
        var reference = request.GetProperty("jobDefinition").GetString()!;
        var size = request.TryGetProperty("arrayProperties", out var array) && array.TryGetProperty("size", out var s) ? s.GetInt32() : (int?)null;
        var overrides = request.TryGetProperty("containerOverrides", out var o) ? Environment(o) : [];
        var retry = request.TryGetProperty("retryStrategy", out var r) && r.TryGetProperty("attempts", out var a) ? a.GetInt32() : (int?)null;
        var timeout = request.TryGetProperty("timeout", out var t) && t.TryGetProperty("attemptDurationSeconds", out var sec) ? sec.GetInt32() : (int?)null;
        lock (_gate)
        {
            var definition = Resolve(reference)
                ?? throw new InvalidOperationException($"The fleet knows no job definition '{reference}'; register definitions through the proxy.");
            var job = new Job(id, request.GetProperty("jobName").GetString()!, request.GetProperty("jobQueue").GetString()!, definition, size,
                overrides, retry ?? definition.Attempts, timeout ?? definition.TimeoutSeconds, Now());
            job.Children.AddRange(size is { } n
                ? Enumerable.Range(0, n).Select(i => new Child(job, string.Create(CultureInfo.InvariantCulture, $"{id}:{i}"), i))
                : [new Child(job, id, null)]);
            _jobs[id] = job;
            _submitted.Add(job);
            foreach (var child in job.Children)
            {
                _children[child.Id] = child;
                child.Status = "RUNNABLE";
                _nodes.Enqueue(ct => RunAttemptAsync(child, ct));
            }
        }
    }

    /// <summary>A TerminateJob: children not yet ended fail with the reason; running ones are stopped.</summary>
    internal void Terminate(string jobId, string reason)
    {
        lock (_gate)
        {
            IEnumerable<Child> children = _jobs.TryGetValue(jobId, out var job) ? job.Children
                : _children.TryGetValue(jobId, out var child) ? [child] : [];
            if (job is not null)
                job.Terminated = true;
            foreach (var c in children)
            {
                if (c.Status is "SUCCEEDED" or "FAILED")
                    continue;
                c.Terminated = true;
                c.StatusReason = reason;
                if (c.Running is { } running)
                {
                    running.Cancel();
                }
                else
                {
                    c.Status = "FAILED";
                    c.StoppedAt = Now();
                }
            }
        }
    }

    /// <summary>moto's DescribeJobs answer with the fleet's state of the jobs it knows.</summary>
    internal JsonNode RewriteDescribe(JsonNode answer)
    {
        lock (_gate)
        {
            foreach (var item in answer["jobs"]?.AsArray() ?? [])
            {
                if (item is not JsonObject job || job["jobId"]?.GetValue<string>() is not { } id)
                    continue;
                if (_jobs.TryGetValue(id, out var known) && known.ArraySize is not null)
                    DescribeParent(job, known);
                else if (_jobs.TryGetValue(id, out known))
                    DescribeChild(job, known.Children[0], summary: false);
                else if (_children.TryGetValue(id, out var child))
                    DescribeChild(job, child, summary: false);
            }
        }
        return answer;
    }

    /// <summary>
    /// moto's ListJobs answer (asked without <c>jobStatus</c>, see <see cref="ListRequest"/>) with the fleet's statuses,
    /// keeping the jobs in <paramref name="status"/> (null: none asked, and filters given: all).
    /// </summary>
    internal JsonNode RewriteList(JsonNode answer, string? status)
    {
        lock (_gate)
        {
            var list = answer["jobSummaryList"]?.AsArray() ?? [];
            foreach (var item in list.ToArray())
            {
                if (item is not JsonObject job || job["jobId"]?.GetValue<string>() is not { } id)
                    continue;
                if (_jobs.TryGetValue(id, out var known) && known.ArraySize is not null)
                    DescribeParent(job, known, summary: false);
                else if (_jobs.TryGetValue(id, out known))
                    DescribeChild(job, known.Children[0], summary: true);
                else if (_children.TryGetValue(id, out var child))
                    DescribeChild(job, child, summary: true);
                if (status is not null && job["status"]?.GetValue<string>() != status)
                    list.Remove(item);
            }
        }
        return answer;
    }

    /// <summary>
    /// ListJobs as sent on to moto: moto filters by its own statuses (everything SUCCEEDED), so <c>jobStatus</c> is
    /// taken out and applied to the fleet's statuses afterwards. Returns the body to forward and the status to keep.
    /// </summary>
    internal static (byte[] Body, string? Status) ListRequest(JsonElement request)
    {
        var node = JsonNode.Parse(request.GetRawText())!.AsObject();
        var filtered = node["filters"] is JsonArray { Count: > 0 };
        var status = node["jobStatus"]?.GetValue<string>();
        node.Remove("jobStatus");
        // AWS lists RUNNING jobs when no status is asked for, and every status when filters are given.
        var keep = filtered ? null : status ?? "RUNNING";
        return (JsonSerializer.SerializeToUtf8Bytes(node), keep);
    }

    private void DescribeParent(JsonObject json, Job job, bool summary = true)
    {
        json["status"] = job.Status();
        if (job.Terminated)
        {
            json["isTerminated"] = true;
            json["statusReason"] = job.Children.Select(c => c.StatusReason).FirstOrDefault(r => r is not null);
        }
        if (job.Children.Where(c => c.StartedAt is not null).Select(c => c.StartedAt).Min() is { } started)
            json["startedAt"] = started;
        else
            json.Remove("startedAt");
        if (job.Status() is "SUCCEEDED" or "FAILED")
            json["stoppedAt"] = job.Children.Max(c => c.StoppedAt ?? 0);
        else
            json.Remove("stoppedAt");
        json.Remove("container");
        if (!summary)
        {
            json["arrayProperties"] = new JsonObject { ["size"] = job.ArraySize };
            return;
        }
        json.Remove("attempts");
        var counts = new JsonObject();
        foreach (var status in Statuses)
            counts[status] = job.Children.Count(c => c.Status == status);
        json["arrayProperties"] = new JsonObject { ["statusSummary"] = counts, ["size"] = job.ArraySize, ["statusSummaryLastUpdatedAt"] = Now() };
        if (job.Terminated)
            json["isTerminated"] = true;
    }

    private static void DescribeChild(JsonObject json, Child child, bool summary)
    {
        json["status"] = child.Status;
        SetOrRemove(json, "statusReason", child.StatusReason);
        SetOrRemove(json, "startedAt", child.StartedAt);
        SetOrRemove(json, "stoppedAt", child.Status is "SUCCEEDED" or "FAILED" ? child.StoppedAt : null);
        if (child.Index is { } index)
            json["arrayProperties"] = new JsonObject { ["index"] = index };
        var last = child.Attempts.LastOrDefault();
        var container = json["container"] as JsonObject ?? new JsonObject();
        container.Remove("exitCode");
        container.Remove("logStreamName");
        container.Remove("reason");
        if (last is not null && child.Status is "SUCCEEDED" or "FAILED")
            container["exitCode"] = last.ExitCode;
        if (!summary && (child.LogStream ?? last?.LogStream) is { } stream)
            container["logStreamName"] = stream;
        if (last?.Reason is { } reason)
            container["reason"] = reason;
        json["container"] = container;
        if (summary)
            return;
        if (child.Terminated)
            json["isTerminated"] = true;
        json["attempts"] = new JsonArray(child.Attempts.Select(a => (JsonNode)new JsonObject
        {
            ["container"] = new JsonObject
            {
                ["exitCode"] = a.ExitCode,
                ["logStreamName"] = a.LogStream,
                ["reason"] = a.Reason,
            },
            ["startedAt"] = a.StartedAt,
            ["stoppedAt"] = a.StoppedAt,
            ["statusReason"] = a.StatusReason,
        }).ToArray());
    }

    private async Task RunAttemptAsync(Child child, CancellationToken stopping)
    {
        EmulatedTask task;
        CancellationTokenSource running;
        int? timeout;
        lock (_gate)
        {
            if (child.Status is "SUCCEEDED" or "FAILED" || child.Terminated)
                return;
            var job = child.Job;
            var attempt = child.Attempts.Count + 1;
            child.Status = "RUNNING";
            child.StartedAt ??= Now();
            child.AttemptStartedAt = Now();
            child.LogStream = $"{job.Definition.Name}/default/{Guid.NewGuid():N}";
            running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            child.Running = running;
            timeout = job.TimeoutSeconds;
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in job.Definition.Environment)
                environment[name] = value;
            foreach (var (name, value) in job.Overrides)
                environment[name] = value;
            environment["AWS_BATCH_JOB_ID"] = child.Id;
            environment["AWS_BATCH_JOB_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture);
            environment["AWS_BATCH_JQ_NAME"] = job.Queue;
            if (child.Index is { } index)
            {
                environment["AWS_BATCH_JOB_ARRAY_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
                environment["AWS_BATCH_JOB_ARRAY_SIZE"] = job.ArraySize!.Value.ToString(CultureInfo.InvariantCulture);
            }
            task = new EmulatedTask(job.Id, child.Id, child.Index, attempt, string.Join(' ', job.Definition.Command), job.Definition.Command,
                environment, job.Definition.Image, null);
        }

        int exitCode;
        string? reason = null, statusReason = null;
        using (running)
        {
            if (timeout is { } seconds)
                running.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                if (_faults.FailsAttempt(child.Id, task.Attempt)
                    || (child.Index is { } i && _faults.FailsAttempt(i.ToString(CultureInfo.InvariantCulture), task.Attempt)))
                {
                    exitCode = EmulatorFaults.FailedAttemptExitCode;
                    statusReason = "Host EC2 (instance i-0emulated) terminated.";
                }
                else
                {
                    exitCode = await _hook(task, running.Token).ConfigureAwait(false);
                    statusReason = exitCode == 0 ? null : "Essential container in task exited";
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                exitCode = KilledExitCode;
                statusReason = child.Terminated ? child.StatusReason : "Job attempt duration exceeded timeout";
            }
#pragma warning disable CA1031 // a failing hook is a failed attempt, as a crashing instance would be
            catch (Exception e)
#pragma warning restore CA1031
            {
                exitCode = 1;
                reason = $"The test's task hook threw {e.GetType().Name}: {e.Message}";
                statusReason = "Essential container in task exited";
            }
        }
        try
        {
            // What the container printed goes to its log stream, as the awslogs driver sends it.
            await _logs.WriteAsync(child.Job.Definition.LogGroup, child.LogStream!, task.Output.Lines, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            reason ??= $"The fleet could not write the attempt's output to moto's CloudWatch Logs: {e.Message}";
        }

        lock (_gate)
        {
            var now = Now();
            child.Running = null;
            var attempt = new Attempt(child.AttemptStartedAt ?? now, now, exitCode, child.LogStream!, reason, statusReason);
            child.Attempts.Add(attempt);
            _attempts.Add(new FleetAttempt(child.Job.Id, child.Id, child.Index, task.Attempt, exitCode, statusReason, reason));
            if (exitCode == 0)
            {
                child.Status = "SUCCEEDED";
                child.StatusReason = null;
            }
            else if (!child.Terminated && task.Attempt < child.Job.Attempts)
            {
                child.Status = "RUNNABLE";
                _nodes.Enqueue(ct => RunAttemptAsync(child, ct));
                return;
            }
            else
            {
                child.Status = "FAILED";
                child.StatusReason = child.Terminated ? child.StatusReason : statusReason;
            }
            child.StoppedAt = now;
        }
    }

    private Definition? Resolve(string reference)
    {
        if (_definitions.TryGetValue(reference, out var byArn))
            return byArn;
        var colon = reference.LastIndexOf(':');
        if (colon > 0 && int.TryParse(reference.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            var name = reference[..colon];
            return _definitions.Values.FirstOrDefault(d => d.Name == name && d.Revision == revision);
        }
        return _definitions.Values.Where(d => d.Name == reference).MaxBy(d => d.Revision);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Environment(JsonElement container) =>
        container.TryGetProperty("environment", out var environment) && environment.ValueKind == JsonValueKind.Array
            ? environment.EnumerateArray().Select(e => new KeyValuePair<string, string>(e.GetProperty("name").GetString()!, e.GetProperty("value").GetString()!)).ToArray()
            : [];

    private static void SetOrRemove(JsonObject json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.Remove(name);
                break;
            case string text:
                json[name] = text;
                break;
            case long number:
                json[name] = number;
                break;
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private sealed record Definition(string Arn, string Name, int Revision, string? Image, IReadOnlyList<string> Command,
        IReadOnlyList<KeyValuePair<string, string>> Environment, int Attempts, int? TimeoutSeconds, string LogGroup);

    private sealed class Job(string id, string name, string queue, Definition definition, int? arraySize,
        IReadOnlyList<KeyValuePair<string, string>> overrides, int attempts, int? timeoutSeconds, long createdAt)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public string Queue { get; } = queue;
        public Definition Definition { get; } = definition;
        public string DefinitionArn => Definition.Arn;
        public int? ArraySize { get; } = arraySize;
        public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; } = overrides;
        public int Attempts { get; } = attempts;
        public int? TimeoutSeconds { get; } = timeoutSeconds;
        public long CreatedAt { get; } = createdAt;
        public List<Child> Children { get; } = [];
        public bool Terminated { get; set; }

        /// <summary>A plain job's is its own; an array parent is PENDING until every child has ended.</summary>
        public string Status()
        {
            if (ArraySize is null)
                return Children[0].Status;
            if (Children.All(c => c.Status == "SUCCEEDED"))
                return "SUCCEEDED";
            return Children.All(c => c.Status is "SUCCEEDED" or "FAILED") ? "FAILED" : "PENDING";
        }
    }

    private sealed class Child(Job job, string id, int? index)
    {
        public Job Job { get; } = job;
        public string Id { get; } = id;
        public int? Index { get; } = index;
        public string Status { get; set; } = "SUBMITTED";
        public string? StatusReason { get; set; }
        public long? StartedAt { get; set; }
        public long? AttemptStartedAt { get; set; }
        public long? StoppedAt { get; set; }
        public string? LogStream { get; set; }
        public bool Terminated { get; set; }
        public CancellationTokenSource? Running { get; set; }
        public List<Attempt> Attempts { get; } = [];
    }

    private sealed record Attempt(long StartedAt, long StoppedAt, int ExitCode, string LogStream, string? Reason, string? StatusReason);
}

/// <summary>A job submitted through the proxy: its size (null for a plain job) and the fleet's status of it.</summary>
public sealed record FleetJob(string JobId, string JobName, int? ArraySize, string JobDefinitionArn, string Status);

/// <summary>One attempt the fleet ended: the child's id and index, the attempt number and exit code, and why it failed.</summary>
public sealed record FleetAttempt(string JobId, string ChildId, int? Index, int Attempt, int ExitCode, string? StatusReason, string? HookError);
