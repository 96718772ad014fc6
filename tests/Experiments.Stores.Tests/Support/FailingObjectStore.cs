namespace Experiments.Stores.Tests.Support;

/// <summary>A real store whose next calls fail as a store that refuses or does not answer fails: with an <see cref="ObjectStoreException"/>.</summary>
public sealed class FailingObjectStore(IObjectStore inner) : IObjectStore
{
    private int _failures;

    public string Location => inner.Location;

    /// <summary>Makes the next <paramref name="count"/> listings and reads fail.</summary>
    public void FailNext(int count) => _failures = count;

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.PutAsync(name, content, cancellationToken);

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Fail(name);
        return inner.GetAsync(name, cancellationToken);
    }

    public Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken)
    {
        Fail(name);
        return inner.GetFromAsync(name, offset, cancellationToken);
    }

    public Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Fail(prefix + "*");
        return inner.ListAsync(prefix, cancellationToken);
    }

    public void Dispose() => inner.Dispose();

    private void Fail(string name)
    {
        if (_failures <= 0)
            return;
        _failures--;
        throw new ObjectStoreException($"Could not read {inner.Location}/{name} after 4 tries: the service did not answer in time.");
    }
}
