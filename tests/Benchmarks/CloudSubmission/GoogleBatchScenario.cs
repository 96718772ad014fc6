using System.Diagnostics;
using Experiments.Backends;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.CloudEmulators.Storage;
using Experiments.Stores;
using Experiments.Stores.Gcs;
using Google.Apis.Auth.OAuth2;

namespace Benchmarks.CloudSubmission;

/// <summary>
/// gcp-batch against the Google Batch emulator and the GCS emulator (both checked against the discovery documents):
/// new emulators per measurement, so the storage calls counted are the plan upload's.
/// </summary>
internal sealed class GoogleBatchScenario : ISubmissionScenario
{
    private const string Bucket = "experiments-bench";

    private static readonly GoogleCredential Credential = GoogleCredential.FromAccessToken("ya29.experiments-benchmark");

    public string Backend => GoogleBatchBackend.BackendName;

    public string Service => "the Google Batch emulator (discovery-checked)";

    public string Store => "the GCS emulator";

    public async Task<Measurement> MeasureAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        await using var batch = new GoogleBatchEmulator(IdleFleet.RunAsync) { Parallelism = IdleFleet.Parallelism };
        var endpoint = await batch.StartAsync(cancellationToken);
        await using var storage = new GcsEmulator();
        var storageHost = (await storage.StartAsync(cancellationToken)).GetLeftPart(UriPartial.Authority);
        storage.AddBucket(Bucket);
        using var client = new GoogleBatchHttpClient(new GoogleBatchClientOptions { Endpoint = endpoint, Credential = Credential });
        var options = new GoogleBatchOptions
        {
            Project = "experiments-bench",
            Region = "us-central1",
            Store = $"gs://{Bucket}/experiments",
            Endpoint = endpoint.ToString(),
            Image = Package.Image,
        };
        var storeOptions = new ObjectStoreOptions
        {
            Environment = name => name == GcsObjectStore.EmulatorVariable ? storageHost : null,
            GoogleCredential = Credential,
        };
        await using var backend = new GoogleBatchBackend(options, client, storeOptions, AnonymousRegistryCredentials.Instance);

        var clock = Stopwatch.StartNew();
        var submission = await backend.SubmitAsync(request, cancellationToken);
        clock.Stop();

        Checks.NoViolations(Backend, [.. batch.Violations, .. storage.Violations]);
        return new Measurement(clock.Elapsed, batch.Requests, storage.Requests, submission.JobIds.Count);
    }
}
