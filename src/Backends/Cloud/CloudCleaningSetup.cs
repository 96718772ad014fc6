using Experiments.Backends.Configuration;
using Experiments.Backends.Container;
using Experiments.Stores;

namespace Experiments.Backends.Cloud;

/// <summary>
/// A <see cref="CloudRunCleaner"/> from a cloud backend's section of <c>experiments.json</c>: its <c>store</c> opened with
/// the cloud's credential chain (and, for AWS, the section's <c>profile</c> and <c>region</c>), and its
/// <c>registry</c>/<c>repository</c>. Images are deleted only where the registry needs no cloud login
/// (<c>plainHttpRegistry</c>, a self-hosted registry); <see cref="RegistryNote"/> says so otherwise.
/// </summary>
public sealed class CloudCleaningSetup : IDisposable
{
    /// <summary>The sections <c>clean</c> looks for, as <c>--backend</c> names them.</summary>
    public static IReadOnlyList<string> Backends { get; } = ["aws-batch", "azure-batch", "gcp-batch"];

    private readonly IObjectStore _store;
    private readonly HttpClient? _http;

    private CloudCleaningSetup(IObjectStore store, HttpClient? http, CloudRunCleaner cleaner, string? registryNote)
    {
        _store = store;
        _http = http;
        Cleaner = cleaner;
        RegistryNote = registryNote;
    }

    public CloudRunCleaner Cleaner { get; }

    /// <summary>Why the registry's images are left alone, or null when they are cleaned.</summary>
    public string? RegistryNote { get; }

    /// <summary>The setup for <paramref name="section"/>; null when it names no store.</summary>
    /// <exception cref="ArgumentException">The store location is not one the tool can open.</exception>
    public static CloudCleaningSetup? For(ConfigSection section)
    {
        if (section.String("store") is not { Length: > 0 } storeText || !Uri.TryCreate(storeText, UriKind.Absolute, out var storeUri))
            return null;
        var profile = section.String("profile");
        var region = section.String("region");
        var store = ObjectStores.Open(storeUri, new ObjectStoreOptions
        {
            AwsProfile = profile,
            Environment = name => name == "AWS_REGION" && !string.IsNullOrEmpty(region) ? region : Environment.GetEnvironmentVariable(name),
        });
        var registry = section.String("registry");
        var repository = section.String("repository");
        if (registry is null || repository is null)
            return new CloudCleaningSetup(store, null, new CloudRunCleaner(store, null, null, null), null);
        if (section.Bool("plainHttpRegistry") != true)
        {
            return new CloudCleaningSetup(store, null, new CloudRunCleaner(store, null, null, null),
                $"images in {registry}/{repository} are left: clean does not log in to the {section.Name} registry yet (delete them with the cloud's console or CLI)");
        }
        var http = new HttpClient();
        var client = new RegistryClient(http, AnonymousRegistryCredentials.Instance, plainHttp: true);
        return new CloudCleaningSetup(store, http, new CloudRunCleaner(store, client, registry, repository), null);
    }

    public void Dispose()
    {
        _store.Dispose();
        _http?.Dispose();
    }
}
