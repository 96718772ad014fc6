using System.Globalization;
using System.Text.Json;

namespace Experiments.CloudEmulators.AzureBatch;

/// <summary>The emulator's answers in the shapes of the Azure Batch definition (CloudJob, CloudTask, TaskCounts…).</summary>
internal static class AzureBatchJson
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string ETag(DateTimeOffset time) => "0x" + time.UtcTicks.ToString("X", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Job(AzureJob job, Uri baseUri)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = job.Id,
            ["url"] = new Uri(baseUri, "jobs/" + Uri.EscapeDataString(job.Id)).ToString(),
            ["eTag"] = ETag(job.LastModified),
            ["lastModified"] = Time(job.LastModified),
            ["creationTime"] = Time(job.CreationTime),
            ["state"] = job.State,
            ["stateTransitionTime"] = Time(job.StateTransitionTime),
            ["previousState"] = job.PreviousState,
            ["previousStateTransitionTime"] = job.PreviousStateTransitionTime is { } p ? Time(p) : null,
            ["priority"] = job.Priority,
            ["poolInfo"] = job.AutoPool ? new Dictionary<string, object?> { ["poolId"] = job.PoolId } : job.Spec.GetProperty("poolInfo"),
            ["onAllTasksComplete"] = job.OnAllTasksComplete,
            ["onTaskFailure"] = job.Spec.TryGetProperty("onTaskFailure", out var f) ? f.GetString() : "noaction",
            ["executionInfo"] = new Dictionary<string, object?>
            {
                ["startTime"] = Time(job.CreationTime),
                ["endTime"] = job.EndTime is { } end ? Time(end) : null,
                ["poolId"] = job.PoolId,
                ["terminateReason"] = job.TerminateReason,
            },
        };
        foreach (var echoed in new[] { "displayName", "constraints", "commonEnvironmentSettings", "metadata", "usesTaskDependencies", "maxParallelTasks" })
        {
            if (job.Spec.TryGetProperty(echoed, out var value))
                json[echoed] = value;
        }
        return json;
    }

    public static Dictionary<string, object?> Task(AzureJob job, AzureTask task, Uri baseUri)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = task.Id,
            ["url"] = TaskUrl(job, task, baseUri),
            ["eTag"] = ETag(task.LastModified),
            ["creationTime"] = Time(task.CreationTime),
            ["lastModified"] = Time(task.LastModified),
            ["state"] = task.State,
            ["stateTransitionTime"] = Time(task.StateTransitionTime),
            ["previousState"] = task.PreviousState,
            ["commandLine"] = task.CommandLine,
            ["constraints"] = new Dictionary<string, object?>
            {
                ["maxWallClockTime"] = task.Spec.TryGetProperty("constraints", out var c) && c.TryGetProperty("maxWallClockTime", out var w) ? w.GetString() : "P10675199DT2H48M5.4775807S",
                ["retentionTime"] = "P7D",
                ["maxTaskRetryCount"] = task.MaxTaskRetryCount ?? job.DefaultMaxTaskRetryCount,
            },
            ["executionInfo"] = task.Attempts == 0 && task.State == "active" ? null : new Dictionary<string, object?>
            {
                ["startTime"] = task.StartTime is { } s ? Time(s) : null,
                ["endTime"] = task.EndTime is { } e ? Time(e) : null,
                ["exitCode"] = task.ExitCode,
                ["result"] = task.Result,
                ["failureInfo"] = task.Failure is { } failure ? new Dictionary<string, object?>
                {
                    ["category"] = failure.Category,
                    ["code"] = failure.Code,
                    ["message"] = failure.Message,
                } : null,
                ["retryCount"] = task.RetryCount,
                ["lastRetryTime"] = task.LastRetryTime is { } r ? Time(r) : null,
                ["requeueCount"] = 0,
            },
        };
        foreach (var echoed in new[] { "displayName", "environmentSettings", "containerSettings", "resourceFiles", "outputFiles", "userIdentity", "requiredSlots", "exitConditions" })
        {
            if (task.Spec.TryGetProperty(echoed, out var value))
                json[echoed] = value;
        }
        return json;
    }

    public static string TaskUrl(AzureJob job, AzureTask task, Uri baseUri) =>
        new Uri(baseUri, $"jobs/{Uri.EscapeDataString(job.Id)}/tasks/{Uri.EscapeDataString(task.Id)}").ToString();

    /// <summary>The JSON without null-valued entries at any depth: the definition has no nullable properties, so an
    /// absent value is omitted rather than sent as null.</summary>
    public static object? Compact(object? json) => json switch
    {
        Dictionary<string, object?> map => map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Compact(p.Value)),
        IEnumerable<Dictionary<string, object?>> list => list.Select(Compact).ToList(),
        _ => json,
    };

    public static Dictionary<string, object?> Select(Dictionary<string, object?> json, string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
            return json;
        var wanted = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return json.Where(p => wanted.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>A BatchError. (Azure also sends <c>odata.metadata</c>, which the definition does not list.)</summary>
    public static Dictionary<string, object?> Error(string code, string message, IEnumerable<(string Key, string Value)> values) => new()
    {
        ["code"] = code,
        ["message"] = new Dictionary<string, object?> { ["lang"] = "en-US", ["value"] = message },
        ["values"] = values.Select(v => new Dictionary<string, string> { ["key"] = v.Key, ["value"] = v.Value }).ToList() is { Count: > 0 } list ? list : null,
    };
}
