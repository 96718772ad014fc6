using System.Diagnostics;
using Experiments.Backends;
using Experiments.Backends.AzureBatch;
using Experiments.Backends.AzureBatch.Client;
using Experiments.CloudEmulators.AzureBatch;
using Experiments.Stores;
using Experiments.Stores.Azure;

namespace Benchmarks.CloudSubmission;

/// <summary>
/// azure-batch against the Azure Batch emulator (every request checked against the Swagger definition) on an existing
/// pool, with the plan in Azurite (tests/Cloud/azurite.sh): a new emulator and blob container per measurement.
/// </summary>
internal sealed class AzureBatchScenario : ISubmissionScenario
{
    private const string PoolId = "experiments";
    private const string AzuriteAccount = "http://127.0.0.1:10000/devstoreaccount1";

    // Azurite's published development key and a made-up Batch key: the emulator checks that requests are signed, not how.
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string BatchKey = "ZmFrZS1henVyZS1iYXRjaC1rZXktZm9yLWJlbmNobWFya3M=";

    public string Backend => AzureBatchBackend.BackendName;

    public string Service => "the Azure Batch emulator (Swagger-checked), existing pool";

    public string Store => "Azurite";

    public async Task<Measurement> MeasureAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        await using var batch = new AzureBatchEmulator(IdleFleet.RunAsync) { Parallelism = IdleFleet.Parallelism };
        var endpoint = await batch.StartAsync(cancellationToken);
        batch.AddPool(PoolId);
        var storeOptions = new ObjectStoreOptions { AzureAccountKey = AzuriteKey };
        var container = new Uri($"{AzuriteAccount}/bench-{Guid.NewGuid():N}");
        using (var store = new AzureBlobObjectStore(AzureBlobLocation.Parse(container), storeOptions))
            await store.CreateContainerIfMissingAsync(cancellationToken);
        var client = new AzureBatchHttpClient(endpoint, new AzureBatchClientOptions
        {
            Environment = name => name switch { "AZURE_BATCH_ACCOUNT_KEY" => BatchKey, "AZURE_BATCH_ACCOUNT" => "benchmark", _ => null },
        });
        var options = new AzureBatchOptions { Endpoint = endpoint, Store = new Uri($"{container}/results"), PoolId = PoolId, Image = Package.Image };
        await using var backend = new AzureBatchBackend(options, client, storeOptions: storeOptions);

        var clock = Stopwatch.StartNew();
        var submission = await backend.SubmitAsync(request, cancellationToken);
        clock.Stop();

        Checks.NoViolations(Backend, batch.Violations);
        return new Measurement(clock.Elapsed, batch.Requests, [], submission.JobIds.Count);
    }
}
