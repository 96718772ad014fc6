using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.CloudEmulators.Hosting;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.Worker;

namespace Experiments.GoogleBatch.Tests.Support;

/// <summary>
/// Stands in for the worker in the image: reads the task's variables as a Batch VM gives them (EXPERIMENTS_PLAN,
/// EXPERIMENTS_STORE, BATCH_TASK_INDEX, EXPERIMENTS_TASK_OFFSET), fetches the plan from the store, and writes one
/// succeeded record per point of its plan task to <c>records/</c>, as the real worker does.
/// </summary>
public sealed class RecordingWorker(Func<Uri, IObjectStore> open)
{
    private readonly ConcurrentQueue<(int Task, int Attempt)> _runs = new();

    /// <summary>The plan tasks run, with the attempt, in the order they ran.</summary>
    public IReadOnlyList<(int Task, int Attempt)> Runs => _runs.ToArray();

    /// <summary>Plan tasks whose (every) attempt exits with this code instead of recording.</summary>
    public ConcurrentDictionary<int, int> FailingTasks { get; } = new();

    /// <summary>Plan tasks whose every attempt starts its first point (a <c>started</c> record), then dies with exit 134
    /// without ending it, as a worker killed for memory would.</summary>
    public ConcurrentDictionary<int, bool> CrashingTasks { get; } = new();

    /// <summary>While set, every task waits for it before working (a cancelled job's tasks are stopped waiting).</summary>
    public Task? Hold { get; set; }

    public async Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        var environment = task.Environment;
        var index = int.Parse(environment["BATCH_TASK_INDEX"], CultureInfo.InvariantCulture);
        var offset = int.Parse(environment[WorkerOptions.TaskOffsetVariable], CultureInfo.InvariantCulture);
        var planTask = offset + index;
        _runs.Enqueue((planTask, task.Attempt));
        // What a worker prints, so that logs has something to read in Cloud Logging.
        task.Output.Write(TaskStream.StandardOutput, $"task {planTask} attempt {task.Attempt} says hello on stdout");
        task.Output.Write(TaskStream.StandardError, $"task {planTask} attempt {task.Attempt} says hello on stderr");
        if (Hold is { } hold)
            await hold.WaitAsync(cancellationToken);
        if (FailingTasks.TryGetValue(planTask, out var exitCode))
            return exitCode;
        var planUri = new Uri(environment[WorkerOptions.PlanVariable]);
        var storeUri = new Uri(environment[WorkerOptions.StoreVariable]);
        using var store = open(storeUri);
        var planName = planUri.AbsolutePath[(storeUri.AbsolutePath.TrimEnd('/').Length + 1)..];
        var planText = await store.GetAsync(planName, cancellationToken) ?? throw new InvalidOperationException($"No plan at {planUri}.");
        var plan = RunPlanJson.Parse(Encoding.UTF8.GetString(planText), planUri.ToString());
        var experiment = plan.ExperimentOf(planTask).Name;
        var recordsName = $"{PointRecordFiles.RecordsFolder}/{PointRecordFiles.FileName(experiment, planTask)}";
        if (CrashingTasks.ContainsKey(planTask))
        {
            var first = plan.Tasks[planTask].Points[0];
            var started = new PointRecord(experiment, $"i={first}", first, planTask, task.Attempt, PointStatus.Started, 0, DateTimeOffset.UtcNow, null, null, null);
            await store.PutAsync(recordsName, (byte[])[.. await store.GetAsync(recordsName, cancellationToken) ?? [], .. PointRecordJson.SerializeLine(started)], cancellationToken);
            return 134;
        }
        var lines = new MemoryStream();
        foreach (var point in plan.Tasks[planTask].Points)
        {
            using var result = JsonDocument.Parse(point.ToString(CultureInfo.InvariantCulture));
            var record = new PointRecord(experiment, $"i={point}", point, planTask, 1, PointStatus.Succeeded, 0, DateTimeOffset.UtcNow, 0.001, result.RootElement.Clone(), null);
            lines.Write(PointRecordJson.SerializeLine(record));
        }
        await store.PutAsync(recordsName, lines.ToArray(), cancellationToken);
        return 0;
    }
}
