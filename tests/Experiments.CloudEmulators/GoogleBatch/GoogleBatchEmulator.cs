using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.GoogleBatch;

/// <summary>
/// Google Cloud Batch v1 on 127.0.0.1: jobs with one task group (create, get, list, delete) and their tasks (list,
/// get). Every request is checked against the official discovery document; tasks run through the test's hook with
/// <c>BATCH_TASK_INDEX</c>/<c>BATCH_TASK_COUNT</c>, at most the group's <c>parallelism</c> and the emulator's
/// <see cref="Parallelism"/> at once, retried up to <c>maxRetryCount</c>, killed after <c>maxRunDuration</c>.
/// </summary>
public sealed partial class GoogleBatchEmulator(Func<EmulatedTask, CancellationToken, Task<int>> runTask) : GoogleApiEmulator(DiscoveryContract.GoogleBatch)
{
    /// <summary>Google's limit on tasks per task group.</summary>
    public const long MaxTaskCount = 100_000;

    /// <summary>Google's limit on <c>maxRetryCount</c>.</summary>
    public const int MaxRetryCountLimit = 10;

    /// <summary>The exit code Google reports for a task killed at its <c>maxRunDuration</c>.</summary>
    public const int TimeoutExitCode = 50005;

    private const int DefaultPageSize = 100;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GoogleJob> _jobs = new(StringComparer.Ordinal);
    private TaskFleet? _fleet;

    /// <summary>How many tasks run at once across all jobs; set before <see cref="EmulatorHost.StartAsync"/>.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>The contract every request is checked against.</summary>
    public static DiscoveryContract Contract => DiscoveryContract.GoogleBatch;

    /// <summary>
    /// Where the tasks' output goes for jobs whose <c>logsPolicy.destination</c> is CLOUD_LOGGING, as Batch sends it;
    /// null: the output is not kept.
    /// </summary>
    public CloudLoggingEmulator? Logging { get; init; }

    /// <summary>The full names (<c>projects/p/locations/l/jobs/j</c>) of the jobs that exist now.</summary>
    public IReadOnlyCollection<string> JobNames
    {
        get
        {
            lock (_gate)
                return _jobs.Keys.ToArray();
        }
    }

    protected override void OnStarted() => _fleet = new TaskFleet(Parallelism);

    protected override async Task OnStoppingAsync()
    {
        if (_fleet is not null)
            await _fleet.DisposeAsync().ConfigureAwait(false);
    }

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null) =>
        GoogleErrors.Reply(status, message, violations);

    protected override EmulatorReply Throttled() =>
        GoogleErrors.Reply(429, "Quota exceeded for quota metric 'Job requests' (emulated throttling).", null);

    protected override Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var values = request.Operation!.PathValues;
        lock (_gate)
        {
            return Task.FromResult(request.Operation.Id switch
            {
                "batch.projects.locations.jobs.create" => Create(values["parent"], request),
                "batch.projects.locations.jobs.get" => WithJob(values["name"], job => new EmulatorReply(200, Render(job))),
                "batch.projects.locations.jobs.list" => List(values["parent"], request),
                "batch.projects.locations.jobs.delete" => WithJob(values["name"], Delete),
                "batch.projects.locations.jobs.taskGroups.tasks.list" => ListTasks(values["parent"], request),
                "batch.projects.locations.jobs.taskGroups.tasks.get" => GetTask(values["name"]),
                var other => GoogleErrors.Reply(501,
                    $"{other} is a valid Batch method that this emulator does not implement; it implements jobs.create, get, list, delete and taskGroups.tasks.list, get.", null),
            });
        }
    }

    private EmulatorReply Create(string parent, EmulatorRequest request)
    {
        var jobId = request.Query.GetValueOrDefault("jobId") ?? "job-" + Guid.NewGuid().ToString("N")[..16];
        if (!JobId().IsMatch(jobId))
            return Invalid("query.jobId", $"'{jobId}' is not a valid job id: 1-63 characters, lowercase letters, digits and '-', starting with a letter and not ending with '-'.");
        var name = $"{parent}/jobs/{jobId}";
        if (_jobs.ContainsKey(name))
            return GoogleErrors.Reply(409, $"Job {name} already exists.", null);
        var spec = GoogleJson.ToNode(request.Body!.Value);
        if (spec["taskGroups"] is not JsonArray { Count: 1 } groups)
            return Invalid("$.taskGroups", "a job must have exactly one task group.");
        var group = (JsonObject)groups[0]!;
        var environments = group["taskEnvironments"] as JsonArray;
        var taskCount = environments?.Count ?? (group["taskCount"] is { } c ? long.Parse(c.GetValue<string>(), CultureInfo.InvariantCulture) : 1);
        if (taskCount is < 1 or > MaxTaskCount)
            return Invalid("$.taskGroups[0].taskCount", $"taskCount is {taskCount}; it must be between 1 and {MaxTaskCount}.");
        var parallelism = group["parallelism"] is { } p ? long.Parse(p.GetValue<string>(), CultureInfo.InvariantCulture) : taskCount;
        if (parallelism < 1)
            return Invalid("$.taskGroups[0].parallelism", $"parallelism is {parallelism}; it must be at least 1.");
        if (group["taskSpec"] is not JsonObject taskSpec || taskSpec["runnables"] is not JsonArray { Count: > 0 } runnables)
            return Invalid("$.taskGroups[0].taskSpec.runnables", "a task group needs a taskSpec with at least one runnable.");
        for (var i = 0; i < runnables.Count; i++)
        {
            if (runnables[i]!["container"] is null && runnables[i]!["script"] is null && runnables[i]!["barrier"] is null)
                return Invalid($"$.taskGroups[0].taskSpec.runnables[{i}]", "a runnable needs a container, a script or a barrier.");
        }
        if (taskSpec["maxRetryCount"] is { } retries && retries.GetValue<int>() is < 0 or > MaxRetryCountLimit)
            return Invalid("$.taskGroups[0].taskSpec.maxRetryCount", $"maxRetryCount must be between 0 and {MaxRetryCountLimit}.");

        var now = DateTimeOffset.UtcNow;
        spec["name"] = name;
        group["name"] = $"{name}/taskGroups/{GoogleJob.GroupId}";
        group["taskCount"] = taskCount.ToString(CultureInfo.InvariantCulture);
        group["parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture);
        var job = new GoogleJob(name, spec, taskCount, parallelism, now);
        for (var i = 0; i < taskCount; i++)
            job.Tasks.Add(new GoogleTask(job, i));
        _jobs[name] = job;
        job.MoveTo("SCHEDULED", now);
        while (job.NextToFeed < Math.Min(parallelism, taskCount))
            Feed(job);
        return new EmulatorReply(200, Render(job));
    }

    private EmulatorReply List(string parent, EmulatorRequest request)
    {
        IEnumerable<GoogleJob> jobs = _jobs.Values.Where(j => j.Name.StartsWith(parent + "/jobs/", StringComparison.Ordinal));
        if (request.Query.TryGetValue("filter", out var filter) && !string.IsNullOrWhiteSpace(filter))
        {
            if (JobFilter(filter) is not { } predicate)
                return Invalid("query.filter", $"the filter '{filter}' is not supported; supported: name=\"…\" or status.state=\"…\" (also !=), joined by AND.");
            jobs = jobs.Where(predicate);
        }
        IEnumerable<GoogleJob>? ordered = request.Query.GetValueOrDefault("orderBy") switch
        {
            null or "" or "create_time" => jobs.OrderBy(j => j.Sequence),
            "create_time desc" => jobs.OrderByDescending(j => j.Sequence),
            "name" => jobs.OrderBy(j => j.Name, StringComparer.Ordinal),
            "name desc" => jobs.OrderByDescending(j => j.Name, StringComparer.Ordinal),
            _ => null,
        };
        return ordered is null
            ? Invalid("query.orderBy", "orderBy must be name, name desc, create_time or create_time desc.")
            : Page(ordered.Select(Render).ToList(), "jobs", request);
    }

    private EmulatorReply Delete(GoogleJob job)
    {
        var now = DateTimeOffset.UtcNow;
        job.MoveTo("DELETION_IN_PROGRESS", now);
        job.Cancellation.Cancel();
        _jobs.Remove(job.Name);
        var location = job.Name[..job.Name.IndexOf("/jobs/", StringComparison.Ordinal)];
        var operation = new JsonObject
        {
            ["name"] = $"{location}/operations/operation-{Guid.NewGuid():N}",
            ["metadata"] = new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.cloud.batch.v1.OperationMetadata",
                ["createTime"] = GoogleJson.Time(now),
                ["endTime"] = GoogleJson.Time(now),
                ["target"] = job.Name,
                ["verb"] = "delete",
                ["apiVersion"] = "v1",
            },
            ["done"] = true,
            ["response"] = new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" },
        };
        return new EmulatorReply(200, operation);
    }

    private EmulatorReply ListTasks(string groupName, EmulatorRequest request)
    {
        var jobName = groupName[..groupName.IndexOf("/taskGroups/", StringComparison.Ordinal)];
        return WithJob(jobName, job =>
        {
            if (groupName != job.GroupName)
                return GoogleErrors.Reply(404, $"Task group {groupName} does not exist; the job's only group is {job.GroupName}.", null);
            IEnumerable<GoogleTask> tasks = job.Tasks;
            if (request.Query.TryGetValue("filter", out var filter) && !string.IsNullOrWhiteSpace(filter))
            {
                var match = TaskFilter().Match(filter.Trim());
                if (!match.Success)
                    return Invalid("query.filter", $"the filter '{filter}' is not supported; supported: State=RUNNING or status.state=\"RUNNING\".");
                tasks = tasks.Where(t => t.State == match.Groups["state"].Value);
            }
            return Page(tasks.Select(RenderTask).ToList(), "tasks", request);
        });
    }

    private EmulatorReply GetTask(string name)
    {
        var match = TaskName().Match(name);
        if (!match.Success || !_jobs.TryGetValue(match.Groups["job"].Value, out var job)
            || !int.TryParse(match.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= job.Tasks.Count)
            return GoogleErrors.Reply(404, $"Task {name} does not exist.", null);
        return new EmulatorReply(200, RenderTask(job.Tasks[index]));
    }

    private EmulatorReply Page(List<JsonObject> items, string field, EmulatorRequest request)
    {
        var size = request.Query.TryGetValue("pageSize", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : DefaultPageSize;
        if (size <= 0)
            size = DefaultPageSize;
        var offset = 0;
        if (request.Query.TryGetValue("pageToken", out var token) && token.Length > 0
            && !(token.StartsWith("offset-", StringComparison.Ordinal) && int.TryParse(token["offset-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            return Invalid("query.pageToken", $"'{token}' is not a page token this service issued.");
        var page = new JsonArray(items.Skip(offset).Take(size).Select(i => (JsonNode)i).ToArray());
        var json = new JsonObject { [field] = page };
        if (offset + size < items.Count)
            json["nextPageToken"] = "offset-" + (offset + size).ToString(CultureInfo.InvariantCulture);
        return new EmulatorReply(200, json);
    }

    private void Feed(GoogleJob job)
    {
        var task = job.Tasks[(int)job.NextToFeed++];
        task.MoveTo("ASSIGNED", DateTimeOffset.UtcNow);
        _fleet!.Enqueue(ct => RunAttemptAsync(task, ct));
    }

    private async Task RunAttemptAsync(GoogleTask task, CancellationToken stopping)
    {
        var job = task.Job;
        List<(EmulatedTask Task, bool IgnoreExitStatus)> runnables;
        TimeSpan? limit;
        lock (_gate)
        {
            if (job.Cancellation.IsCancellationRequested)
                return;
            var now = DateTimeOffset.UtcNow;
            task.Attempts++;
            task.MoveTo("RUNNING", now);
            if (job.State == "SCHEDULED")
            {
                job.RunStart = now;
                job.MoveTo("RUNNING", now);
            }
            runnables = Describe(task);
            limit = job.TaskSpec["maxRunDuration"] is { } d ? TimeSpan.FromSeconds(double.Parse(d.GetValue<string>().TrimEnd('s'), CultureInfo.InvariantCulture)) : null;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, job.Cancellation.Token);
        if (limit is { } l)
            cancel.CancelAfter(l);
        int exitCode;
        string? why = null;
        try
        {
            exitCode = Faults.FailsAttempt(task.Index.ToString(CultureInfo.InvariantCulture), task.Attempts)
                ? EmulatorFaults.FailedAttemptExitCode
                : await RunRunnablesAsync(task, runnables, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || job.Cancellation.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            exitCode = TimeoutExitCode;
            why = $"Task {task.Name} ran longer than its maxRunDuration and was killed.";
        }
#pragma warning disable CA1031 // a failing hook is a failed task, as a crashing VM would be
        catch (Exception e)
#pragma warning restore CA1031
        {
            exitCode = -1;
            why = $"The test's task hook threw {e.GetType().Name}: {e.Message}";
        }
        lock (_gate)
        {
            if (job.Cancellation.IsCancellationRequested)
                return;
            var now = DateTimeOffset.UtcNow;
            var maxRetries = job.TaskSpec["maxRetryCount"]?.GetValue<int>() ?? 0;
            if (exitCode == 0)
            {
                task.MoveTo("SUCCEEDED", now, 0);
            }
            else if (task.Attempts <= maxRetries)
            {
                task.MoveTo("PENDING", now, exitCode, why ?? $"Task {task.Name} failed with exit code {exitCode}; retrying.");
                task.MoveTo("ASSIGNED", now);
                _fleet!.Enqueue(ct => RunAttemptAsync(task, ct));
                return;
            }
            else
            {
                task.MoveTo("FAILED", now, exitCode, why ?? $"Task {task.Name} failed with exit code {exitCode}.");
            }
            if (job.NextToFeed < job.TaskCount)
                Feed(job);
            if (job.Tasks.All(t => t.State is "SUCCEEDED" or "FAILED"))
            {
                job.RunEnd = now;
                job.MoveTo(job.Tasks.All(t => t.State == "SUCCEEDED") ? "SUCCEEDED" : "FAILED", now);
            }
        }
    }

    /// <summary>Runs the runnables in order; the first non-zero exit code not ignored fails the task.</summary>
    private async Task<int> RunRunnablesAsync(GoogleTask task, List<(EmulatedTask Task, bool IgnoreExitStatus)> runnables, CancellationToken cancellationToken)
    {
        for (var i = 0; i < runnables.Count; i++)
        {
            var (runnable, ignoreExitStatus) = runnables[i];
            try
            {
                var code = await runTask(runnable, cancellationToken).ConfigureAwait(false);
                if (code != 0 && !ignoreExitStatus)
                    return code;
            }
            finally
            {
                WriteLogs(task, runnable, i);
            }
        }
        return 0;
    }

    /// <summary>A runnable's output as Batch's log agent sends it to Cloud Logging (only with logsPolicy CLOUD_LOGGING).</summary>
    private void WriteLogs(GoogleTask task, EmulatedTask runnable, int index)
    {
        if (Logging is null || task.Job.Spec["logsPolicy"]?["destination"]?.GetValue<string>() != "CLOUD_LOGGING")
            return;
        var project = task.Job.Name.Split('/')[1];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["job_uid"] = task.Job.Uid,
            ["task_id"] = string.Create(CultureInfo.InvariantCulture, $"task/{task.Job.Uid}-{GoogleJob.GroupId}-{task.Index}/{runnable.Attempt - 1}/{index}"),
        };
        Logging.Write(project, "batch_task_logs", labels, runnable.Output.Lines);
    }

    private List<(EmulatedTask Task, bool IgnoreExitStatus)> Describe(GoogleTask task)
    {
        var job = task.Job;
        var spec = job.TaskSpec;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        void AddAll(JsonNode? variables)
        {
            if (variables is JsonObject map)
            {
                foreach (var (name, value) in map)
                    environment[name] = value?.GetValue<string>() ?? "";
            }
        }
        AddAll(spec["environments"]);
        AddAll(spec["environment"]?["variables"]);
        AddAll((job.Group["taskEnvironments"] as JsonArray)?[task.Index]?["variables"]);
        environment["BATCH_TASK_INDEX"] = task.Index.ToString(CultureInfo.InvariantCulture);
        environment["BATCH_TASK_COUNT"] = job.TaskCount.ToString(CultureInfo.InvariantCulture);
        environment["BATCH_TASK_RETRY_ATTEMPT"] = (task.Attempts - 1).ToString(CultureInfo.InvariantCulture);
        environment["BATCH_JOB_UID"] = job.Uid;
        var result = new List<(EmulatedTask, bool)>();
        foreach (var runnable in (JsonArray)spec["runnables"]!)
        {
            if (runnable!["barrier"] is not null)
                continue;
            var own = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            if (runnable["environment"]?["variables"] is JsonObject variables)
            {
                foreach (var (name, value) in variables)
                    own[name] = value?.GetValue<string>() ?? "";
            }
            IReadOnlyList<string> arguments;
            string? image = null;
            string? options = null;
            if (runnable["container"] is JsonObject container)
            {
                image = container["imageUri"]?.GetValue<string>();
                options = container["options"]?.GetValue<string>();
                var entrypoint = container["entrypoint"]?.GetValue<string>();
                var commands = (container["commands"] as JsonArray)?.Select(c => c!.GetValue<string>()) ?? [];
                arguments = (string.IsNullOrEmpty(entrypoint) ? commands : commands.Prepend(entrypoint)).ToList();
            }
            else
            {
                var script = runnable["script"]!;
                arguments = script["text"] is { } text ? ["/bin/sh", "-c", text.GetValue<string>()] : [script["path"]!.GetValue<string>()];
            }
            result.Add((new EmulatedTask(job.Name, task.Name, task.Index, task.Attempts, string.Join(' ', arguments), arguments, own, image, options),
                runnable["ignoreExitStatus"]?.GetValue<bool>() == true));
        }
        return result;
    }

    private JsonObject Render(GoogleJob job)
    {
        var json = JsonNode.Parse(job.Spec.ToJsonString())!.AsObject();
        var counts = new JsonObject();
        foreach (var state in job.Tasks.GroupBy(t => t.State).OrderBy(g => g.Key, StringComparer.Ordinal))
            counts[state.Key] = state.Count().ToString(CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["state"] = job.State,
            ["statusEvents"] = new JsonArray(job.Events.Select(e => (JsonNode)GoogleJson.Event(e)).ToArray()),
            ["taskGroups"] = new JsonObject { [GoogleJob.GroupId] = new JsonObject { ["counts"] = counts } },
        };
        if (job.RunStart is { } start)
            status["runDuration"] = GoogleJson.Duration((job.RunEnd ?? DateTimeOffset.UtcNow) - start);
        json["uid"] = job.Uid;
        json["status"] = status;
        json["createTime"] = GoogleJson.Time(job.CreateTime);
        json["updateTime"] = GoogleJson.Time(job.UpdateTime);
        return json;
    }

    private static JsonObject RenderTask(GoogleTask task) => new()
    {
        ["name"] = task.Name,
        ["status"] = new JsonObject
        {
            ["state"] = task.State,
            ["statusEvents"] = new JsonArray(task.Events.Select(e => (JsonNode)GoogleJson.Event(e)).ToArray()),
        },
    };

    private EmulatorReply WithJob(string name, Func<GoogleJob, EmulatorReply> action) =>
        _jobs.TryGetValue(name, out var job) ? action(job) : GoogleErrors.Reply(404, $"Job {name} does not exist.", null);

    private static EmulatorReply Invalid(string path, string problem) =>
        GoogleErrors.Reply(400, problem, [new ContractViolation(path, problem)]);

    private static Func<GoogleJob, bool>? JobFilter(string filter)
    {
        var terms = new List<Func<GoogleJob, bool>>();
        foreach (var term in Regex.Split(filter.Trim(), @"\s+AND\s+", RegexOptions.CultureInvariant))
        {
            var match = JobFilterTerm().Match(term.Trim());
            if (!match.Success)
                return null;
            var value = match.Groups["value"].Value;
            var equal = match.Groups["op"].Value == "=";
            terms.Add(match.Groups["field"].Value == "name"
                ? j => (j.Name == value) == equal
                : j => (j.State == value) == equal);
        }
        return job => terms.All(t => t(job));
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex JobId();

    [GeneratedRegex("^(?<field>name|status\\.state)\\s*(?<op>!=|=)\\s*\"?(?<value>[^\"]*)\"?$", RegexOptions.CultureInvariant)]
    private static partial Regex JobFilterTerm();

    [GeneratedRegex("^(State\\s*=\\s*|status\\.state\\s*=\\s*)\"?(?<state>[A-Z_]+)\"?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskFilter();

    [GeneratedRegex("^(?<job>projects/[^/]+/locations/[^/]+/jobs/[^/]+)/taskGroups/group0/tasks/(?<index>\\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskName();
}
