using System.Collections.Concurrent;
using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends.Cloud;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.CloudEmulators.AzureBatch;
using Experiments.CloudEmulators.Hosting;

namespace Experiments.AzureBatch.Tests.Support;

/// <summary>
/// The Azure Batch emulator with a hook that plays the compute nodes: it notes every attempt (task id, attempt,
/// environment), prints a line to stdout and one to stderr, and exits 0, or whatever <see cref="ExitCode"/> says.
/// </summary>
internal sealed class BatchEmulator : IAsyncDisposable
{
    /// <summary>A made-up account key: the emulator checks that requests are signed, not the signature.</summary>
    public const string AccountKey = "ZmFrZS1henVyZS1iYXRjaC1rZXktZm9yLXRlc3RzLW9ubHk=";

    public const string PoolId = "experiments";

    private readonly ConcurrentQueue<EmulatedTask> _attempts = new();

    private BatchEmulator(int parallelism) =>
        Emulator = new AzureBatchEmulator(RunAsync) { Parallelism = parallelism };

    public AzureBatchEmulator Emulator { get; }

    public Uri Endpoint => Emulator.BaseUri;

    /// <summary>The exit code of an attempt; 0 when null.</summary>
    public Func<EmulatedTask, int>? ExitCode { get; set; }

    /// <summary>How long each attempt runs.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<EmulatedTask> Attempts => _attempts.ToArray();

    /// <summary>Plan tasks whose every attempt starts its first point (a <c>started</c> record in the run's store in
    /// Azurite), then dies with exit 134 without ending it, as a worker killed for memory would.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, bool> CrashingTasks { get; } = new();

    public static async Task<BatchEmulator> StartAsync(int parallelism = 4, bool addPool = true)
    {
        var batch = new BatchEmulator(parallelism);
        await batch.Emulator.StartAsync(TestContext.Current.CancellationToken);
        if (addPool)
            batch.Emulator.AddPool(PoolId);
        return batch;
    }

    /// <summary>A client signing with Shared Key, retrying fast.</summary>
    public AzureBatchHttpClient Client(int maxRetries = 6) => new(Endpoint, ClientOptions(maxRetries));

    public static AzureBatchClientOptions ClientOptions(int maxRetries = 6) => new()
    {
        Environment = name => name == "AZURE_BATCH_ACCOUNT_KEY" ? AccountKey : name == "AZURE_BATCH_ACCOUNT" ? "testaccount" : null,
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
    };

    /// <summary>Every request so far matched the Swagger definition.</summary>
    public void AssertNoViolations() => Assert.True(Emulator.Violations.Count == 0, string.Join(Environment.NewLine, Emulator.Violations));

    public int Calls(string operation) => Emulator.Requests.Count(r => r.Operation == operation);

    /// <summary>Waits until the job is completed (its tasks ran).</summary>
    public async Task WaitForJobAsync(IAzureBatchClient client, string jobId, TimeSpan? limit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(60));
        while ((await client.GetJobAsync(jobId, "id,state", timeout.Token))?.State is not ("completed" or null))
            await Task.Delay(50, timeout.Token);
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    private async Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(task);
        // What a worker prints, so that logs has something to fetch: stdout.txt and stderr.txt on the node.
        task.Output.Write(TaskStream.StandardOutput, $"task {task.TaskId} attempt {task.Attempt} says hello on stdout");
        task.Output.Write(TaskStream.StandardError, $"task {task.TaskId} attempt {task.Attempt} says hello on stderr");
        if (TaskDuration > TimeSpan.Zero)
            await Task.Delay(TaskDuration, cancellationToken);
        if (int.TryParse(task.TaskId, out var planTask) && CrashingTasks.ContainsKey(planTask))
        {
            using var store = ObjectStores.Open(new Uri(task.Environment["EXPERIMENTS_STORE"]), AzuriteContainer.StoreOptions);
            var plan = await CloudRunFiles.ReadPlanAsync(store, cancellationToken) ?? throw new InvalidOperationException("The plan is not in the store.");
            var experiment = plan.ExperimentOf(planTask).Name;
            var first = plan.Tasks[planTask].Points[0];
            var name = $"{PointRecordFiles.RecordsFolder}/{PointRecordFiles.FileName(experiment, planTask)}";
            var started = new PointRecord(experiment, $"i={first}", first, planTask, task.Attempt, PointStatus.Started, 0, DateTimeOffset.UtcNow, null, null, null);
            await store.PutAsync(name, (byte[])[.. await store.GetAsync(name, cancellationToken) ?? [], .. PointRecordJson.SerializeLine(started)], cancellationToken);
            return 134;
        }
        return ExitCode?.Invoke(task) ?? 0;
    }
}
