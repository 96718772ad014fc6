namespace Experiments.Backends.GoogleBatch.Client;

/// <summary>
/// A Batch call that failed: the method (<c>jobs.create</c>), HTTP status and Google's canonical status
/// (<c>NOT_FOUND</c>, <c>PERMISSION_DENIED</c>, …) when an answer came, and a message saying what to check. Never
/// carries a token.
/// </summary>
public sealed class GoogleBatchException : Exception
{
    public GoogleBatchException(string message, string method, int? statusCode = null, string? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The API method (<c>jobs.get</c>), or <c>credentials</c> when no token could be had.</summary>
    public string Method { get; }

    /// <summary>The HTTP status of the answer; null when none came.</summary>
    public int? StatusCode { get; }

    /// <summary>Google's canonical error status (<c>ALREADY_EXISTS</c>); null when none came.</summary>
    public string? Status { get; }

    public bool IsNotFound => StatusCode == 404;

    public bool IsAlreadyExists => StatusCode == 409;

    /// <summary>The credentials were missing, refused, or not allowed to do this: the user must act.</summary>
    public bool IsAccessProblem => StatusCode is 401 or 403 || Method == GoogleBatchHttpClient.CredentialsMethod;
}
