using System.Globalization;
using System.Text.Json;
using Experiments.CloudEmulators.Contracts;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.CloudEmulators.AzureBatch;

/// <summary>
/// An Azure Batch account (api-version 2024-02-01.19.0) on 127.0.0.1: jobs on a pool the test adds or on an auto pool,
/// task collections, task lists and counts. Every request is checked against the official Swagger definition; tasks
/// run through the test's hook, <see cref="Parallelism"/> at a time, with retries and <c>onAllTasksComplete</c>.
/// </summary>
public sealed class AzureBatchEmulator(Func<EmulatedTask, CancellationToken, Task<int>> runTask) : EmulatorHost
{
    /// <summary>The largest body Azure accepts for a task collection ("less than 1MB").</summary>
    public const int MaxTaskCollectionBytes = 1024 * 1024;

    /// <summary>Tasks per addtaskcollection call.</summary>
    public const int MaxTasksPerCollection = 100;

    private const int MaxResultsLimit = 1000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AzureJob> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pools = new(StringComparer.OrdinalIgnoreCase);
    private TaskFleet? _fleet;

    /// <summary>How many tasks run at once (the compute nodes' task slots); set before <see cref="EmulatorHost.StartAsync"/>.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>The contract every request is checked against.</summary>
    public static SwaggerContract Contract => SwaggerContract.AzureBatch;

    /// <summary>The pools that exist now: those added by the test and live auto pools.</summary>
    public IReadOnlyCollection<string> Pools
    {
        get
        {
            lock (_gate)
                return _pools.ToArray();
        }
    }

    /// <summary>The ids of the jobs that exist now.</summary>
    public IReadOnlyCollection<string> JobIds
    {
        get
        {
            lock (_gate)
                return _jobs.Keys.ToArray();
        }
    }

    /// <summary>Adds a pool that jobs can name in <c>poolInfo.poolId</c>; tasks of jobs waiting for it start.</summary>
    public void AddPool(string poolId)
    {
        lock (_gate)
        {
            if (!_pools.Add(poolId))
                return;
            foreach (var job in _jobs.Values.Where(j => string.Equals(j.PoolId, poolId, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var task in job.Tasks.Where(t => t.State == "active"))
                    _fleet?.Enqueue(ct => RunAttemptAsync(job, task, ct));
            }
        }
    }

    protected override void OnStarted() => _fleet = new TaskFleet(Parallelism);

    protected override async Task OnStoppingAsync()
    {
        if (_fleet is not null)
            await _fleet.DisposeAsync().ConfigureAwait(false);
    }

    protected override string? Unauthorized(EmulatorRequest request)
    {
        var authorization = request.Header("Authorization");
        if (string.IsNullOrEmpty(authorization))
            return "The request has no Authorization header; send SharedKey account:signature or Bearer token.";
        return authorization.StartsWith("SharedKey ", StringComparison.Ordinal) || authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            ? null
            : "The Authorization header is neither SharedKey nor Bearer.";
    }

    protected override OperationMatch? FindOperation(string method, string path) => Contract.FindOperation(method, path);

    protected override IReadOnlyList<ContractViolation> Validate(EmulatorRequest request) =>
        Contract.Validate(request.Method, request.Path, request.Query, request.Headers, request.Body);

    protected override IReadOnlyList<ContractViolation> ValidateReply(EmulatorRequest request, int status, JsonElement json) =>
        Contract.ValidateResponse(request.Method, request.Path, status, json);

    protected override EmulatorReply? Precheck(EmulatorRequest request)
    {
        if (request.Operation?.Id != "Task_AddCollection")
            return null;
        if (request.BodyBytes.Length >= MaxTaskCollectionBytes)
            return Error(413, "RequestBodyTooLarge",
                $"The request body is {request.BodyBytes.Length} bytes; a task collection must be less than 1 MB ({MaxTaskCollectionBytes} bytes). Send fewer tasks per call.");
        try
        {
            using var body = JsonDocument.Parse(request.BodyBytes);
            if (body.RootElement.TryGetProperty("value", out var tasks) && tasks.ValueKind == JsonValueKind.Array && tasks.GetArrayLength() > MaxTasksPerCollection)
            {
                var violation = new ContractViolation("$.value", $"has {tasks.GetArrayLength()} tasks; at most {MaxTasksPerCollection} allowed per call.");
                RecordViolations(request, [violation]);
                return Error(400, "TooManyTasksInCollection", $"A task collection holds at most {MaxTasksPerCollection} tasks; this one has {tasks.GetArrayLength()}.", [violation]);
            }
        }
        catch (JsonException)
        {
            // The contract check reports a body that is not JSON.
        }
        return null;
    }

    protected override EmulatorReply Error(int status, string code, string message, IReadOnlyList<ContractViolation>? violations = null) =>
        new(status, AzureBatchJson.Compact(AzureBatchJson.Error(code, message, (violations ?? []).Select(v => (v.Path, v.Problem)))),
            ContentType: "application/json; odata=minimalmetadata", Headers: RequestIdHeaders());

    protected override EmulatorReply Throttled() =>
        new(429, AzureBatchJson.Compact(AzureBatchJson.Error("TooManyRequests", "The account is being throttled; retry after the interval in Retry-After.", [])),
            ContentType: "application/json; odata=minimalmetadata",
            Headers: new Dictionary<string, string>(RequestIdHeaders()) { ["Retry-After"] = ((int)Math.Ceiling(Faults.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) });

    protected override Task<EmulatorReply> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var jobId = request.Operation!.PathValues.GetValueOrDefault("jobId");
        lock (_gate)
        {
            return Task.FromResult(request.Operation.Id switch
            {
                "Job_Add" => AddJob(request.Body!.Value),
                "Job_Get" => WithJob(jobId!, job => Json(200, AzureBatchJson.Select(AzureBatchJson.Job(job, BaseUri), request.Query.GetValueOrDefault("$select")))),
                "Job_Patch" => WithJob(jobId!, job => PatchJob(job, request.Body!.Value)),
                "Job_Terminate" => WithJob(jobId!, job => TerminateJob(job, request.Body)),
                "Job_Delete" => WithJob(jobId!, DeleteJob),
                "Task_AddCollection" => WithJob(jobId!, job => AddTasks(job, request.Body!.Value)),
                "Task_List" => WithJob(jobId!, job => ListTasks(job, request)),
                "Task_Get" => WithJob(jobId!, job => GetTask(job, request.Operation.PathValues["taskId"], request.Query.GetValueOrDefault("$select"))),
                "Job_GetTaskCounts" => WithJob(jobId!, CountTasks),
                "File_GetFromTask" => WithJob(jobId!, job => GetTaskFile(job, request.Operation.PathValues["taskId"], request.Operation.PathValues["filePath"])),
                var other => Error(501, "NotImplementedByEmulator",
                    $"{other} is a valid Azure Batch operation that this emulator does not implement; it implements Job_Add, Job_Get, Job_Patch, Job_Terminate, Job_Delete, Task_AddCollection, Task_List, Task_Get, Job_GetTaskCounts and File_GetFromTask (stdout.txt, stderr.txt)."),
            });
        }
    }

    private EmulatorReply AddJob(JsonElement body)
    {
        var id = body.GetProperty("id").GetString()!;
        if (_jobs.ContainsKey(id))
            return Error(409, "JobExists", $"The specified job already exists: {id}.");
        var poolInfo = body.GetProperty("poolInfo");
        string poolId;
        var autoPool = false;
        if (poolInfo.TryGetProperty("poolId", out var named))
        {
            poolId = named.GetString()!;
        }
        else if (poolInfo.TryGetProperty("autoPoolSpecification", out var auto))
        {
            var prefix = auto.TryGetProperty("autoPoolIdPrefix", out var p) ? p.GetString() + "_" : "";
            poolId = prefix + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
            autoPool = true;
            _pools.Add(poolId);
        }
        else
        {
            return Error(400, "InvalidPropertyValue", "poolInfo must name a poolId or give an autoPoolSpecification.", [new("$.poolInfo", "needs poolId or autoPoolSpecification.")]);
        }
        var now = DateTimeOffset.UtcNow;
        var job = new AzureJob(id, body.Clone(), poolId, autoPool, now);
        _jobs[id] = job;
        var location = new Uri(BaseUri, "jobs/" + Uri.EscapeDataString(id)).ToString();
        return EmulatorReply.Empty(201, Headers(("ETag", AzureBatchJson.ETag(now)), ("Last-Modified", now.ToString("r", CultureInfo.InvariantCulture)),
            ("DataServiceId", location), ("Location", location)));
    }

    private EmulatorReply PatchJob(AzureJob job, JsonElement body)
    {
        if (job.State != "active")
            return Error(409, "JobCompleted", $"The job {job.Id} is {job.State} and cannot be changed.");
        var now = DateTimeOffset.UtcNow;
        if (body.TryGetProperty("onAllTasksComplete", out var onAll))
            job.OnAllTasksComplete = onAll.GetString()!;
        if (body.TryGetProperty("priority", out var priority))
            job.Priority = priority.GetInt32();
        job.LastModified = now;
        CompleteJobIfDone(job, now);
        return EmulatorReply.Empty(200, Headers(("ETag", AzureBatchJson.ETag(now)), ("DataServiceId", new Uri(BaseUri, "jobs/" + job.Id).ToString())));
    }

    private EmulatorReply TerminateJob(AzureJob job, JsonElement? body)
    {
        if (job.State is "completed" or "terminating")
            return Error(409, "JobCompleted", $"The job {job.Id} is already {job.State}.");
        var reason = body is { } b && b.TryGetProperty("terminateReason", out var r) ? r.GetString() : "UserTerminate";
        EndJob(job, reason!, DateTimeOffset.UtcNow);
        return EmulatorReply.Empty(202, Headers(("DataServiceId", new Uri(BaseUri, "jobs/" + job.Id).ToString())));
    }

    private EmulatorReply DeleteJob(AzureJob job)
    {
        if (job.State != "completed")
            EndJob(job, "UserTerminate", DateTimeOffset.UtcNow);
        job.MoveTo("deleting", DateTimeOffset.UtcNow);
        _jobs.Remove(job.Id);
        return EmulatorReply.Empty(202);
    }

    private EmulatorReply AddTasks(AzureJob job, JsonElement body)
    {
        if (job.State != "active")
            return Error(409, "JobCompleted", $"The job {job.Id} is {job.State}; tasks can only be added to an active job.");
        var now = DateTimeOffset.UtcNow;
        var results = new List<Dictionary<string, object?>>();
        foreach (var spec in body.GetProperty("value").EnumerateArray())
        {
            var id = spec.GetProperty("id").GetString()!;
            if (job.TasksById.ContainsKey(id))
            {
                results.Add(new()
                {
                    ["status"] = "clienterror",
                    ["taskId"] = id,
                    ["error"] = AzureBatchJson.Error("TaskExists", $"The specified task already exists: {id}.", []),
                });
                continue;
            }
            var task = new AzureTask(spec.Clone(), now);
            job.Tasks.Add(task);
            job.TasksById[id] = task;
            if (_pools.Contains(job.PoolId))
                _fleet!.Enqueue(ct => RunAttemptAsync(job, task, ct));
            results.Add(new()
            {
                ["status"] = "success",
                ["taskId"] = id,
                ["eTag"] = AzureBatchJson.ETag(now),
                ["lastModified"] = AzureBatchJson.Time(now),
                ["location"] = AzureBatchJson.TaskUrl(job, task, BaseUri),
            });
        }
        job.LastModified = now;
        return Json(200, new Dictionary<string, object?> { ["value"] = results });
    }

    private EmulatorReply ListTasks(AzureJob job, EmulatorRequest request)
    {
        IEnumerable<AzureTask> tasks = job.Tasks;
        if (request.Query.TryGetValue("$filter", out var filter))
        {
            if (TaskListFilter.Parse(filter, out var error) is not { } predicate)
                return Error(400, "InvalidQueryParameterValue", error!, [new("query.$filter", error!)]);
            tasks = tasks.Where(predicate);
        }
        var maxResults = request.Query.TryGetValue("maxresults", out var m) ? int.Parse(m, CultureInfo.InvariantCulture) : MaxResultsLimit;
        if (maxResults is < 1 or > MaxResultsLimit)
            return Error(400, "InvalidQueryParameterValue", $"maxresults is {maxResults}; it must be between 1 and {MaxResultsLimit}.", [new("query.maxresults", "between 1 and 1000")]);
        var skip = 0;
        if (request.Query.TryGetValue("$skiptoken", out var token) && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
            return Error(400, "InvalidQueryParameterValue", $"The $skiptoken '{token}' was not issued by this service.", [new("query.$skiptoken", "unknown token")]);
        var matching = tasks.ToList();
        var page = matching.Skip(skip).Take(maxResults)
            .Select(t => AzureBatchJson.Select(AzureBatchJson.Task(job, t, BaseUri), request.Query.GetValueOrDefault("$select")))
            .ToList();
        var json = new Dictionary<string, object?> { ["value"] = page };
        if (skip + page.Count < matching.Count)
        {
            var next = request.Query.Where(q => q.Key != "$skiptoken")
                .Append(new KeyValuePair<string, string>("$skiptoken", (skip + page.Count).ToString(CultureInfo.InvariantCulture)))
                .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value));
            json["odata.nextLink"] = new Uri(BaseUri, $"jobs/{Uri.EscapeDataString(job.Id)}/tasks?{string.Join("&", next)}").ToString();
        }
        return Json(200, json);
    }

    private EmulatorReply GetTask(AzureJob job, string taskId, string? select) =>
        job.TasksById.TryGetValue(taskId, out var task)
            ? Json(200, AzureBatchJson.Select(AzureBatchJson.Task(job, task, BaseUri), select))
            : Error(404, "TaskNotFound", $"The specified task does not exist: {taskId} in job {job.Id}.");

    private EmulatorReply CountTasks(AzureJob job)
    {
        Dictionary<string, object?> Counts() => new()
        {
            ["active"] = job.Tasks.Count(t => t.State == "active"),
            ["running"] = job.Tasks.Count(t => t.State == "running"),
            ["completed"] = job.Tasks.Count(t => t.State == "completed"),
            ["succeeded"] = job.Tasks.Count(t => t.State == "completed" && t.Result == "success"),
            ["failed"] = job.Tasks.Count(t => t.State == "completed" && t.Result == "failure"),
        };
        return Json(200, new Dictionary<string, object?> { ["taskCounts"] = Counts(), ["taskSlotCounts"] = Counts() });
    }

    private async Task RunAttemptAsync(AzureJob job, AzureTask task, CancellationToken stopping)
    {
        EmulatedTask attempt;
        lock (_gate)
        {
            if (task.State != "active" || job.State != "active")
                return;
            var now = DateTimeOffset.UtcNow;
            task.MoveTo("running", now);
            task.Attempts++;
            task.StartTime = now;
            task.EndTime = null;
            task.ExitCode = null;
            task.Result = null;
            task.Failure = null;
            attempt = Describe(job, task);
            task.Output = attempt.Output; // a retry's files replace the last run's, as on the node
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, job.Cancellation.Token);
        // Azure's default (unlimited) is about 29,000 years, beyond what a timer takes; no test waits a day either.
        if (task.MaxWallClockTime is { } limit && limit < TimeSpan.FromDays(1))
            cancel.CancelAfter(limit);
        int? exitCode = null;
        (string, string, string)? failure = null;
        try
        {
            exitCode = Faults.FailsAttempt(task.Id, attempt.Attempt)
                ? EmulatorFaults.FailedAttemptExitCode
                : await runTask(attempt, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || job.Cancellation.IsCancellationRequested)
        {
            return; // emulator stopping, or the job was terminated (the task is already completed)
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            failure = ("usererror", "MaxWallClockTimeExpiry", "The task ran longer than its maxWallClockTime and was killed.");
        }
#pragma warning disable CA1031 // a failing hook is a failed task, as a crashing node would be
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = ("servererror", "TaskHookFailed", $"The test's task hook threw {e.GetType().Name}: {e.Message}");
        }
        lock (_gate)
        {
            if (task.State != "running")
                return;
            var now = DateTimeOffset.UtcNow;
            task.EndTime = now;
            task.ExitCode = exitCode;
            if (exitCode == 0)
            {
                task.Result = "success";
                task.MoveTo("completed", now);
            }
            else
            {
                task.Result = "failure";
                task.Failure = failure ?? ("usererror", "FailureExitCode", $"The task process exited with exit code {exitCode}.");
                var maxRetries = task.MaxTaskRetryCount ?? job.DefaultMaxTaskRetryCount;
                if (failure?.Item2 != "MaxWallClockTimeExpiry" && (maxRetries == -1 || task.RetryCount < maxRetries))
                {
                    task.RetryCount++;
                    task.LastRetryTime = now;
                    task.MoveTo("active", now);
                    _fleet!.Enqueue(ct => RunAttemptAsync(job, task, ct));
                    return;
                }
                task.MoveTo("completed", now);
            }
            CompleteJobIfDone(job, now);
        }
    }

    /// <summary>
    /// File_GetFromTask for the files Batch writes for every task in its directory on the node: stdout.txt and stderr.txt
    /// of the task's latest run, as the hook handed them over (so far, while it runs).
    /// </summary>
    private EmulatorReply GetTaskFile(AzureJob job, string taskId, string filePath)
    {
        if (!job.TasksById.TryGetValue(taskId, out var task))
            return Error(404, "TaskNotFound", $"The specified task does not exist: {taskId}.");
        TaskStream? stream = filePath switch
        {
            "stdout.txt" => TaskStream.StandardOutput,
            "stderr.txt" => TaskStream.StandardError,
            _ => null,
        };
        if (stream is null || task.Output is null)
            return Error(404, "FileNotFound", $"The specified file {filePath} does not exist on the node of task {taskId} (the emulator keeps stdout.txt and stderr.txt of tasks that ran).");
        return new EmulatorReply(200, Bytes: System.Text.Encoding.UTF8.GetBytes(task.Output.Text(stream.Value)), ContentType: "application/octet-stream",
            Headers: RequestIdHeaders());
    }

    private EmulatedTask Describe(AzureJob job, AzureTask task)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, key) in new[] { (job.Spec, "commonEnvironmentSettings"), (task.Spec, "environmentSettings") })
        {
            if (!source.TryGetProperty(key, out var settings))
                continue;
            foreach (var setting in settings.EnumerateArray())
                environment[setting.GetProperty("name").GetString()!] = setting.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "";
        }
        environment["AZ_BATCH_JOB_ID"] = job.Id;
        environment["AZ_BATCH_TASK_ID"] = task.Id;
        environment["AZ_BATCH_POOL_ID"] = job.PoolId;
        environment["AZ_BATCH_TASK_RETRY_COUNT"] = task.RetryCount.ToString(CultureInfo.InvariantCulture);
        var container = task.Spec.TryGetProperty("containerSettings", out var c) ? c : (JsonElement?)null;
        return new EmulatedTask(job.Id, task.Id, null, task.Attempts, task.CommandLine, LocalTaskRunner.SplitCommandLine(task.CommandLine), environment,
            container?.GetProperty("imageName").GetString(),
            container is { } settingsElement && settingsElement.TryGetProperty("containerRunOptions", out var o) ? o.GetString() : null);
    }

    private void CompleteJobIfDone(AzureJob job, DateTimeOffset now)
    {
        if (job.State == "active" && job.OnAllTasksComplete == "terminatejob" && job.Tasks.All(t => t.State == "completed"))
            EndJob(job, "AllTasksComplete", now);
    }

    /// <summary>Terminates the job: running tasks are killed, waiting ones completed, an auto pool deleted.</summary>
    private void EndJob(AzureJob job, string reason, DateTimeOffset now)
    {
        foreach (var task in job.Tasks.Where(t => t.State != "completed"))
        {
            if (task.State == "running")
            {
                task.EndTime = now;
                task.Result = "failure";
                task.Failure = ("usererror", "TaskEnded", "The task was terminated because its job was terminated.");
            }
            task.MoveTo("completed", now);
        }
        job.Cancellation.Cancel();
        job.TerminateReason = reason;
        job.EndTime = now;
        job.MoveTo("completed", now);
        if (job.AutoPool && AutoPoolEndsWithJob(job))
            _pools.Remove(job.PoolId);
    }

    private static bool AutoPoolEndsWithJob(AzureJob job) =>
        job.Spec.GetProperty("poolInfo").GetProperty("autoPoolSpecification").GetProperty("poolLifetimeOption").GetString() == "job";

    private EmulatorReply WithJob(string jobId, Func<AzureJob, EmulatorReply> action) =>
        _jobs.TryGetValue(jobId, out var job) ? action(job) : Error(404, "JobNotFound", $"The specified job does not exist: {jobId}.");

    private static EmulatorReply Json(int status, object json) =>
        new(status, AzureBatchJson.Compact(json), ContentType: "application/json; odata=minimalmetadata", Headers: RequestIdHeaders());

    private static Dictionary<string, string> RequestIdHeaders() => new() { ["request-id"] = Guid.NewGuid().ToString() };

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers)
    {
        var all = RequestIdHeaders();
        foreach (var (name, value) in headers)
            all[name] = value;
        return all;
    }
}
