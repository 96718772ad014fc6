using Experiments.Stores.Tests.Support;

namespace Experiments.Stores.Tests.Stores;

/// <summary><see cref="Experiments.Stores.Gcs.GcsObjectStore"/> against the GCS emulator over a real connection; no request may break the API's contract.</summary>
public sealed class GcsObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private GcsServer _gcs = null!;
    private string _bucket = "";

    public async ValueTask InitializeAsync() => _gcs = await GcsServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        var violations = _gcs.Emulator.Violations;
        await _gcs.DisposeAsync();
        Assert.Empty(violations);
    }

    protected override Task<IObjectStore> OpenFreshAsync(string prefix, int? pageSize = null)
    {
        _bucket = _gcs.NewBucket();
        return Task.FromResult<IObjectStore>(_gcs.Open(_bucket, prefix, pageSize));
    }

    protected override IObjectStore ReopenSibling(IObjectStore store, string prefix) => _gcs.Open(_bucket, prefix);

    [Fact]
    public async Task A_missing_bucket_is_named_with_what_to_do()
    {
        using var store = _gcs.Open("exp-no-such-bucket", "runs");

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.PutAsync("plan.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("gs://exp-no-such-bucket/runs/plan.json", error.Message);
        Assert.Contains("the bucket does not exist", error.Message);
    }
}
