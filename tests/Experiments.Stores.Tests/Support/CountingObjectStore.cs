namespace Experiments.Stores.Tests.Support;

/// <summary>A real store with a count of the calls made through it, to check how many requests a reader sends.</summary>
public sealed class CountingObjectStore(IObjectStore inner) : IObjectStore
{
    public int Lists { get; private set; }

    public int Gets { get; private set; }

    public string Location => inner.Location;

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.PutAsync(name, content, cancellationToken);

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Gets++;
        return inner.GetAsync(name, cancellationToken);
    }

    public Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        Gets++;
        return inner.GetFromAsync(name, offset, cancellationToken);
    }

    public Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Lists++;
        return inner.ListAsync(prefix, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
