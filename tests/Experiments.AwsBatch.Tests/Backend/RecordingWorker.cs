using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.Backends.Cloud;
using Experiments.CloudEmulators.Hosting;
using Experiments.Schema;
using Experiments.Stores;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>
/// A stand-in for the worker in the image (the app is a container image, so a backend test cannot start it as a local
/// process): reads the plan from the store the task's environment names, works out its plan task from the array index
/// (or EXPERIMENTS_TASK_INDEX) plus EXPERIMENTS_TASK_OFFSET as the real worker does, and appends one succeeded record per
/// point to the task's record object. It appends, so a task run twice shows up as points recorded twice.
/// </summary>
public sealed class RecordingWorker
{
    private readonly ConcurrentQueue<EmulatedTask> _runs = new();

    /// <summary>Every attempt the fleet handed over, in the order they started.</summary>
    public IReadOnlyList<EmulatedTask> Runs => _runs.ToArray();

    /// <summary>Plan tasks whose every attempt starts its first point (a <c>started</c> record), then dies with exit 134
    /// without ending it, as a worker killed for memory would.</summary>
    public ConcurrentDictionary<int, bool> CrashingTasks { get; } = new();

    /// <summary>How long each attempt takes (so a test can cancel while tasks run).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    /// <summary>The fleet's hook.</summary>
    public async Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        _runs.Enqueue(task);
        // What a worker prints, so that logs has something to fetch from the attempt's log stream.
        task.Output.Write(TaskStream.StandardOutput, $"child {task.TaskId} attempt {task.Attempt} says hello on stdout");
        task.Output.Write(TaskStream.StandardError, $"child {task.TaskId} attempt {task.Attempt} says hello on stderr");
        var environment = task.Environment;
        var store = ObjectStores.Open(new Uri(environment["EXPERIMENTS_STORE"]), new ObjectStoreOptions { Environment = MotoS3.Variable });
        var plan = await CloudRunFiles.ReadPlanAsync(store, cancellationToken) ?? throw new InvalidOperationException("The plan is not in the store.");
        var index = int.Parse(environment.GetValueOrDefault("EXPERIMENTS_TASK_INDEX") ?? environment["AWS_BATCH_JOB_ARRAY_INDEX"], CultureInfo.InvariantCulture);
        var taskNumber = index + int.Parse(environment["EXPERIMENTS_TASK_OFFSET"], CultureInfo.InvariantCulture);
        if (Duration > TimeSpan.Zero)
            await Task.Delay(Duration, cancellationToken);
        var planned = plan.Tasks[taskNumber];
        var experiment = plan.Experiments[planned.Experiment].Name;
        var name = $"{PointRecordFiles.RecordsFolder}/{PointRecordFiles.FileName(experiment, taskNumber)}";
        var text = new StringBuilder(Encoding.UTF8.GetString(await store.GetAsync(name, cancellationToken) ?? []));
        if (CrashingTasks.ContainsKey(taskNumber))
        {
            var first = planned.Points[0];
            text.Append(PointRecordJson.Serialize(new PointRecord(experiment, $"i={first}", first, taskNumber, task.Attempt, PointStatus.Started,
                0, DateTimeOffset.UtcNow, null, null, null))).Append('\n');
            await store.PutAsync(name, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
            return 134;
        }
        using var result = JsonDocument.Parse("""{"value":1}""");
        foreach (var point in planned.Points)
        {
            text.Append(PointRecordJson.Serialize(new PointRecord(experiment, $"i={point}", point, taskNumber, 1, PointStatus.Succeeded,
                0, DateTimeOffset.UtcNow, 0.001, result.RootElement.Clone(), null))).Append('\n');
        }
        await store.PutAsync(name, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        return 0;
    }
}
