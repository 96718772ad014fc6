namespace Experiments.Stores;

/// <summary>
/// An object store refused or failed a request. The message says which store, what went wrong and what to check; it
/// never holds a key, token or signature. An <see cref="IOException"/>, so the worker reports it as a store it cannot
/// use (exit 2).
/// </summary>
public sealed class ObjectStoreException : IOException
{
    public ObjectStoreException(string message, int? statusCode = null, string? errorCode = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the refusal, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The service's error code (<c>NoSuchBucket</c>, <c>AuthorizationFailure</c>), when it sent one.</summary>
    public string? ErrorCode { get; }
}
