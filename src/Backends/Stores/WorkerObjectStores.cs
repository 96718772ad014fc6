using Experiments.Worker.Remote;

namespace Experiments.Stores;

/// <summary>
/// What the worker runtime loads by name (<c>Experiments.Stores.WorkerObjectStores, Experiments.Stores</c>) when its
/// plan or store is in object storage: <see cref="ObjectStores.Open"/> behind the runtime's small interface.
/// </summary>
public sealed class WorkerObjectStores : IWorkerObjectStores
{
    public IWorkerObjectStore Open(Uri location) => new Adapter(ObjectStores.Open(location));

    private sealed class Adapter(IObjectStore store) : IWorkerObjectStore
    {
        public string Location => store.Location;

        public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) => store.GetAsync(name, cancellationToken);

        public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            store.PutAsync(name, content, cancellationToken);

        public void Dispose() => store.Dispose();
    }
}
