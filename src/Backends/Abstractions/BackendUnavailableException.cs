namespace Experiments.Backends;

/// <summary>
/// The backend's service could not be used: unreachable, refusing the credentials, or missing what the config names (a
/// queue, a pool, a bucket). The tool shows the message as it is (exit 4), so it says what was tried and what to check.
/// </summary>
public class BackendUnavailableException : BackendUserException
{
    public BackendUnavailableException(string message)
        : base(message)
    {
    }

    public BackendUnavailableException(string message, Exception innerException)
        : base(message, null, innerException)
    {
    }
}
