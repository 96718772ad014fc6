using Experiments.Stores.Azure;
using Experiments.Stores.Tests.Support;

namespace Experiments.Stores.Tests.Stores;

/// <summary><see cref="AzureBlobObjectStore"/> against Azurite over a real connection, SharedKey-signed.</summary>
public sealed class AzureBlobObjectStoreTests : ObjectStoreContract
{
    /// <summary>A well-formed key that is not the account's.</summary>
    private const string WrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3Jvbmc=";

    private string _container = "";

    protected override async Task<IObjectStore> OpenFreshAsync(string prefix, int? pageSize = null)
    {
        await Azurite.RequireAsync();
        _container = await Azurite.NewContainerAsync();
        return Azurite.Open(_container, prefix, pageSize);
    }

    protected override IObjectStore ReopenSibling(IObjectStore store, string prefix) => Azurite.Open(_container, prefix);

    [Fact]
    public async Task A_wrong_account_key_is_refused_in_words_without_the_key()
    {
        await Azurite.RequireAsync();
        var container = await Azurite.NewContainerAsync();
        using var store = Azurite.Open(container, "runs", options: new ObjectStoreOptions { AzureAccountKey = WrongKey, Environment = _ => null });

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.PutAsync("plan.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("account key or SAS token for account 'devstoreaccount1' was refused", error.Message);
        Assert.DoesNotContain(WrongKey, error.Message);
        Assert.DoesNotContain(WrongKey[..20], error.ToString());
    }

    [Fact]
    public async Task A_sas_token_is_used_but_never_shown()
    {
        await Azurite.RequireAsync();
        var container = await Azurite.NewContainerAsync();
        const string Signature = "c2lnbmF0dXJlLXRoYXQtaXMtbm90LXZhbGlk";
        var location = new Uri($"{Azurite.Location(container, "runs")}?sv=2025-11-05&sp=rwl&sr=c&se=2099-01-01T00:00:00Z&sig={Uri.EscapeDataString(Signature)}");
        using var store = ObjectStores.Open(location);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.GetAsync("plan.json", TestContext.Current.CancellationToken));

        Assert.Equal(Azurite.Location(container, "runs").ToString(), store.Location);
        Assert.Equal(403, error.StatusCode);
        Assert.DoesNotContain(Signature, error.ToString());
        Assert.DoesNotContain("sig=", error.ToString());
        Assert.DoesNotContain("sig=", store.ToString());
    }

    [Fact]
    public async Task A_missing_container_is_named_with_what_to_do()
    {
        await Azurite.RequireAsync();
        using var store = Azurite.Open("exp-missing-" + Guid.NewGuid().ToString("N")[..8], "runs");

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.PutAsync("plan.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Contains("ContainerNotFound", error.Message);
        Assert.Contains("does not exist in account 'devstoreaccount1'; create it", error.Message);
    }

    [Fact]
    public void An_account_without_credentials_says_which_ones_work()
    {
        var location = AzureBlobLocation.Parse(new Uri("https://someaccount.blob.core.windows.net/results/runs"));

        var error = Assert.Throws<ObjectStoreException>(() => new AzureBlobObjectStore(location, new ObjectStoreOptions { Environment = _ => null }));

        Assert.Contains("No credentials for the Azure storage account 'someaccount'", error.Message);
        Assert.Contains("AZURE_STORAGE_KEY", error.Message);
        Assert.Contains("AZURE_STORAGE_SAS_TOKEN", error.Message);
    }
}
