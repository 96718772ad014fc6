namespace Experiments.Backends;

/// <summary>
/// What a backend tells the user when it cannot go on: a service that refuses, a poll that keeps failing, jobs a cancel
/// could not stop. The tool shows <see cref="Exception.Message"/> and <see cref="Hints"/> as they are (no stack trace),
/// exits with the backend's code (4), and leaves the run resumable. Every backend throws this type (or
/// <see cref="BackendUnavailableException"/>) for the user, never its own, so the tool needs to know no backend.
/// </summary>
public class BackendUserException : Exception
{
    public BackendUserException(string message, IReadOnlyList<string>? hints = null, Exception? innerException = null)
        : base(message, innerException) => Hints = hints ?? [];

    /// <summary>Further lines: what to do next, what to check.</summary>
    public IReadOnlyList<string> Hints { get; }
}
