namespace Experiments.Stores;

/// <summary>
/// Objects under one prefix of a bucket or container, named relative to that prefix (<c>plan.json</c>,
/// <c>records/…</c>). The few operations a result store needs: whole-object put and get, a read from a byte offset, and
/// a listing with sizes and ETags. Errors are <see cref="ObjectStoreException"/>s phrased for people, never holding a
/// secret.
/// </summary>
public interface IObjectStore : IDisposable
{
    /// <summary>The store's root as people should see it (<c>s3://bucket/prefix</c>): never a key, token or signature.</summary>
    string Location { get; }

    /// <summary>Creates or replaces the object with exactly <paramref name="content"/>.</summary>
    Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The whole object, or null when there is none of that name.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The object's bytes from <paramref name="offset"/> to its end (empty when the offset is at or past the end), or
    /// null when there is no object of that name.
    /// </summary>
    Task<ObjectRange?> GetFromAsync(string name, long offset, CancellationToken cancellationToken);

    /// <summary>Every object whose name starts with <paramref name="prefix"/>, in name order, over as many pages as it takes.</summary>
    Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes the object; an object that is not there is no error (<c>clean</c> may be run twice).</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot delete objects.");
}

/// <summary>One object of a listing.</summary>
/// <param name="Name">Relative to the store's prefix.</param>
/// <param name="Size">Bytes.</param>
/// <param name="ETag">Changes whenever the object's content is replaced (quotes removed).</param>
public sealed record ObjectEntry(string Name, long Size, string ETag);

/// <summary>Bytes read from an offset to the end of an object.</summary>
/// <param name="Offset">Where <paramref name="Content"/> starts in the object.</param>
/// <param name="Content">The object's bytes from <paramref name="Offset"/> on.</param>
/// <param name="Size">The whole object's size when it was read.</param>
/// <param name="ETag">The object's ETag when it was read (quotes removed).</param>
public sealed record ObjectRange(long Offset, byte[] Content, long Size, string ETag);
