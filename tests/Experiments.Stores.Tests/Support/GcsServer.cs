using Experiments.CloudEmulators.Storage;
using Experiments.Stores.Gcs;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Stores.Tests.Support;

/// <summary>
/// The GCS emulator of tests/Experiments.CloudEmulators, in this process on a free port: it checks every request against
/// the official discovery document and wants a bearer token, as Cloud Storage does.
/// </summary>
public sealed class GcsServer : IAsyncDisposable
{
    public GcsEmulator Emulator { get; } = new();

    public string Host { get; private set; } = "";

    public static async Task<GcsServer> StartAsync()
    {
        var gcs = new GcsServer();
        gcs.Host = (await gcs.Emulator.StartAsync(TestContext.Current.CancellationToken)).GetLeftPart(UriPartial.Authority);
        return gcs;
    }

    public string NewBucket()
    {
        var bucket = "exp-" + Guid.NewGuid().ToString("N")[..16];
        Emulator.AddBucket(bucket);
        return bucket;
    }

    public GcsObjectStore Open(string bucket, string prefix, int? pageSize = null) =>
        new(GcsLocation.Parse(new Uri($"gs://{bucket}/{prefix}")), new ObjectStoreOptions
        {
            Environment = name => name == GcsObjectStore.EmulatorVariable ? Host : null,
            GoogleCredential = GoogleCredential.FromAccessToken("ya29.stores-test"),
            PageSize = pageSize,
        });

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
