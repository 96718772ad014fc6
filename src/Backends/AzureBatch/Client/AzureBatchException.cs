namespace Experiments.Backends.AzureBatch.Client;

/// <summary>
/// An Azure Batch call that failed: Batch's error code (<c>JobExists</c>, <c>PoolNotFound</c>, <c>AuthenticationFailed</c>…),
/// the operation and HTTP status, and what to check. Never carries a key or token.
/// </summary>
public sealed class AzureBatchException : Exception
{
    public AzureBatchException(string message, string operation, string? errorCode = null, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The definition's operation id (<c>Job_Add</c>), or <c>credentials</c> before any call.</summary>
    public string Operation { get; }

    public string? ErrorCode { get; }

    /// <summary>The HTTP status of Batch's answer, or null when none came (after the retries).</summary>
    public int? StatusCode { get; }

    /// <summary>The service could not be used at all: unreachable, or refusing who we are.</summary>
    public bool IsUnavailable => StatusCode is null or 401 or 403 || StatusCode >= 500 || StatusCode == 429;
}
