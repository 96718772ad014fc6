namespace Experiments.Backends.AwsBatch.Client;

/// <summary>
/// An AWS Batch call that failed: AWS's error code (<c>ClientException</c>, <c>ServerException</c>,
/// <c>TooManyRequestsException</c>, …) and message, the operation and HTTP status, and what to check. Never carries
/// credentials or signatures.
/// </summary>
public sealed class AwsBatchException : Exception
{
    public AwsBatchException(string message, string operation, string? errorCode = null, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The operation that failed (<c>SubmitJob</c>), or <c>credentials</c>/<c>configuration</c> before any call.</summary>
    public string Operation { get; }

    /// <summary>AWS's error type without its namespace (<c>ClientException</c>), or null when no answer came.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status of AWS's answer, or null when none came.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// No answer came (a dropped connection, a timeout, a server error) to a call that is not safe to repeat: it may
    /// have been carried out. Set only for SubmitJob, which has no idempotency token.
    /// </summary>
    public bool MayHaveBeenApplied { get; init; }

    /// <summary>AWS refused the request as such (a missing queue, an invalid definition): retrying cannot help.</summary>
    public bool IsClientError => StatusCode is >= 400 and < 500 && !AwsBatchRetryPolicy.IsThrottling(StatusCode.Value, ErrorCode);
}
