using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.AwsBatch.Tests.Backend;

/// <summary>
/// The aws-batch backend against moto through a contract-checking proxy whose fleet runs <see cref="RecordingWorker"/>,
/// with results in a fresh moto S3 bucket; the tool's loop (poll until finished, then read the store) as helpers.
/// </summary>
internal sealed class BackendHarness : IAsyncDisposable
{
    public static readonly AwsBatchRetryPolicy FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private readonly AwsBatchHttpClient _client;

    private BackendHarness(AwsBatchContractProxy proxy, string bucket, AwsBatchOptions options, AwsBatchHttpClient client, AwsBatchBackend backend)
    {
        Proxy = proxy;
        Bucket = bucket;
        Options = options;
        _client = client;
        Backend = backend;
    }

    public AwsBatchContractProxy Proxy { get; }

    public AwsBatchFleet Fleet => Proxy.Fleet!;

    public string Bucket { get; }

    public AwsBatchOptions Options { get; }

    public AwsBatchBackend Backend { get; }

    /// <param name="environment">What the tool's process has; null: <see cref="MotoS3.Variable"/> (keys, region, endpoints).</param>
    public static async Task<BackendHarness> StartAsync(MotoBatch moto, RecordingWorker worker, int parallelism = 4, int attempts = 2,
        Func<string, string?>? environment = null)
    {
        moto.Require();
        var proxy = new AwsBatchContractProxy(MotoBatch.Moto, worker.RunAsync) { Parallelism = parallelism };
        await proxy.StartAsync();
        var bucket = await MotoS3.NewBucketAsync();
        var options = new AwsBatchOptions
        {
            Image = new() { Registry = "127.0.0.1:5000", Repository = "experiments-test/aws-batch", PlainHttp = true },
            Store = $"s3://{bucket}/experiments",
            Endpoint = proxy.BaseUri,
            JobQueue = moto.JobQueue,
            JobDefinitionName = "experiments-test-" + Guid.NewGuid().ToString("N")[..8],
            Attempts = attempts,
            Environment = environment ?? MotoS3.Variable,
        };
        var client = new AwsBatchHttpClient(options.ClientOptions(retry: FastRetry));
        var backend = new AwsBatchBackend(options, client, new AwsBatchSubmitter(client, FastRetry) { LookupDelay = TimeSpan.Zero });
        return new BackendHarness(proxy, bucket, options, client, backend);
    }

    public static SubmitRequest Request(RunPlan plan, IReadOnlyList<int>? tasks = null, IReadOnlyDictionary<string, ExperimentResources>? resources = null) =>
        new(new PreparedPackage("pkg-0123456789", "127.0.0.1:5000/experiments-test/aws-batch:pkg-0123456789", "Sweeps"), plan,
            "/not/read/plan.json", "/not/read", tasks, resources);

    /// <summary>Polls as the tool does until every submission is finished; the last statuses.</summary>
    public async Task<IReadOnlyList<SubmissionStatus>> WaitAsync(IReadOnlyList<Submission> submissions, TimeSpan? limit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var statuses = await Backend.PollAllAsync(submissions, timeout.Token);
            if (statuses.All(s => s.Finished))
                return statuses;
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Every record in the submissions' store, read as the tool reads it.</summary>
    public async Task<IReadOnlyList<PointRecord>> RecordsAsync(Submission submission)
    {
        var read = await Backend.OpenStore(submission).ReadNewAsync(TestContext.Current.CancellationToken);
        Assert.Empty(read.Problems);
        return read.Records;
    }

    /// <summary>Asserts each planned point has exactly one record.</summary>
    public static void AssertEveryPointOnce(RunPlan plan, IReadOnlyList<PointRecord> records, IReadOnlyList<int>? tasks = null)
    {
        var expected = (tasks ?? Enumerable.Range(0, plan.Tasks.Count).ToArray())
            .SelectMany(t => plan.Tasks[t].Points.Select(p => $"{plan.Experiments[plan.Tasks[t].Experiment].Name}#{p}"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, records.Select(r => $"{r.Experiment}#{r.Index}").Order(StringComparer.Ordinal));
    }

    public void AssertNoViolations() => Assert.Empty(Proxy.Violations.Select(v => v.ToString()));

    public int Calls(string operation) => Proxy.Requests.Count(r => r.Operation == operation);

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        _client.Dispose();
        await Proxy.DisposeAsync();
    }
}
