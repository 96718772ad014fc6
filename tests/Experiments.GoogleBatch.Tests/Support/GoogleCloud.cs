using Experiments.Backends;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.CloudEmulators.Storage;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.Stores.Gcs;
using Google.Apis.Auth.OAuth2;

namespace Experiments.GoogleBatch.Tests.Support;

/// <summary>
/// The Google Batch and GCS emulators in this process, with a bucket, and backends pointed at them; tasks run through
/// <see cref="RecordingWorker"/>, which writes records to the GCS emulator as the image's worker would.
/// </summary>
public sealed class GoogleCloud : IAsyncDisposable
{
    public const string Project = "exp-project";
    public const string Region = "us-central1";
    public const string Bucket = "exp-results";

    private readonly List<IAsyncDisposable> _backends = [];

    private GoogleCloud(int parallelism)
    {
        Worker = new RecordingWorker(OpenObjectStore);
        Batch = new GoogleBatchEmulator(Worker.RunAsync) { Parallelism = parallelism, Logging = Logging };
    }

    /// <summary>Cloud Logging, where the Batch emulator sends the tasks' output.</summary>
    public CloudLoggingEmulator Logging { get; } = new();

    public Uri LoggingEndpoint { get; private set; } = null!;

    public GoogleBatchEmulator Batch { get; }

    public GcsEmulator Storage { get; } = new();

    public RecordingWorker Worker { get; }

    public Uri BatchEndpoint { get; private set; } = null!;

    public string StorageHost { get; private set; } = "";

    public static GoogleCredential Credential { get; } = GoogleCredential.FromAccessToken("ya29.gcp-batch-tests");

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<GoogleCloud> StartAsync(int parallelism = 4)
    {
        var cloud = new GoogleCloud(parallelism);
        cloud.BatchEndpoint = await cloud.Batch.StartAsync(Ct);
        cloud.LoggingEndpoint = await cloud.Logging.StartAsync(Ct);
        cloud.StorageHost = (await cloud.Storage.StartAsync(Ct)).GetLeftPart(UriPartial.Authority);
        cloud.Storage.AddBucket(Bucket);
        return cloud;
    }

    public GoogleBatchOptions Options(int maxRetryCount = 1, int? parallelism = null) => new()
    {
        Project = Project,
        Region = Region,
        Store = $"gs://{Bucket}/experiments",
        Endpoint = BatchEndpoint.ToString(),
        LoggingEndpoint = LoggingEndpoint.ToString(),
        Image = new ContainerImageOptions { Registry = "127.0.0.1:5000", Repository = "experiments-test/gcp", PlainHttp = true },
        MaxRetryCount = maxRetryCount,
        Parallelism = parallelism,
    };

    public ObjectStoreOptions StoreOptions => new()
    {
        Environment = name => name == GcsObjectStore.EmulatorVariable ? StorageHost : null,
        GoogleCredential = Credential,
    };

    /// <summary>A fast-retrying client for the emulator (the faults tests wait for backoff otherwise).</summary>
    public GoogleBatchHttpClient Client() => new(new GoogleBatchClientOptions
    {
        Endpoint = BatchEndpoint,
        LoggingEndpoint = LoggingEndpoint,
        Credential = Credential,
        Retry = new GoogleBatchRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
    });

    /// <summary>A backend as another process would have it: its own client, the same config.</summary>
    public GoogleBatchBackend Backend(GoogleBatchOptions? options = null)
    {
        var client = Client();
        var backend = new GoogleBatchBackend(options ?? Options(), client, StoreOptions, AnonymousRegistryCredentials.Instance);
        _backends.Add(backend);
        _backends.Add(new DisposeClient(client));
        return backend;
    }

    public IObjectStore OpenObjectStore(Uri location) => ObjectStores.Open(location, StoreOptions);

    public static PreparedPackage Package { get; } = new("0123456789abcdef", "127.0.0.1:5000/experiments-test/gcp:0123456789abcdef", "Sweeps");

    /// <summary>A submit request for the plan, with the plan's file written to <paramref name="directory"/>.</summary>
    public static SubmitRequest Request(RunPlan plan, string directory, IReadOnlyList<int>? tasks = null, IReadOnlyDictionary<string, ExperimentResources>? resources = null)
    {
        var planPath = Path.Combine(directory, "plan.json");
        File.WriteAllText(planPath, RunPlanJson.Serialize(plan));
        return new SubmitRequest(Package, plan, planPath, directory, tasks, resources);
    }

    /// <summary>Polls until the submissions are finished (or a minute passes) and returns the last statuses.</summary>
    public static async Task<IReadOnlyList<SubmissionStatus>> WaitAsync(IExperimentBackend backend, IReadOnlyList<Submission> submissions)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var statuses = await backend.PollAllAsync(submissions, Ct);
            if (statuses.All(s => s.Finished) || DateTime.UtcNow > deadline)
                return statuses;
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Every record in a submission's store, read as the tool reads them.</summary>
    public static async Task<IReadOnlyList<PointRecord>> RecordsAsync(IExperimentBackend backend, Submission submission)
    {
        using var store = backend.OpenStore(submission);
        var read = await store.ReadNewAsync(Ct);
        Assert.Empty(read.Problems);
        return read.Records;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
            await backend.DisposeAsync();
        await Batch.DisposeAsync();
        await Logging.DisposeAsync();
        await Storage.DisposeAsync();
    }

    private sealed class DisposeClient(IDisposable client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
