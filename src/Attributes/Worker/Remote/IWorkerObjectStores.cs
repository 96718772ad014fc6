namespace Experiments.Worker.Remote;

/// <summary>
/// Object storage as the worker sees it: implemented by <c>Experiments.Stores.WorkerObjectStores</c>, which an app
/// contains only when it was built with <c>-p:ExperimentsCloudStores=true</c>. The runtime finds it by name at run time
/// (<see cref="WorkerObjectStoresLoader"/>), so the Experiments package itself depends on no cloud library.
/// </summary>
public interface IWorkerObjectStores
{
    /// <summary>
    /// Opens the store whose objects lie under <paramref name="location"/> (<c>s3://bucket/prefix</c>,
    /// <c>https://account.blob.core.windows.net/container/prefix</c>, <c>gs://bucket/prefix</c>).
    /// Throws <see cref="ArgumentException"/> naming what is wrong with an unsupported or malformed location.
    /// </summary>
    IWorkerObjectStore Open(Uri location);
}

/// <summary>Objects under one prefix, named relative to it (<c>plan.json</c>, <c>records/…</c>).</summary>
public interface IWorkerObjectStore : IDisposable
{
    /// <summary>The store's location as people should see it: never a key, token or signature.</summary>
    string Location { get; }

    /// <summary>The whole object, or null when there is none of that name.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the object with exactly <paramref name="content"/>.</summary>
    Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
