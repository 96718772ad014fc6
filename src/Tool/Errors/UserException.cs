namespace Experiments.Tool.Errors;

/// <summary>
/// A mistake the user can fix (a bad flag, an unknown experiment, a project that does not build, a corrupt results
/// file): shown as one clear message and a non-zero exit code, never as a stack trace.
/// </summary>
public sealed class UserException : Exception
{
    public UserException(string message, IReadOnlyList<string>? details = null, int exitCode = ExitCodes.UserError)
        : base(message)
    {
        Details = details ?? [];
        ExitCode = exitCode;
    }

    /// <summary>Lines shown under the message: the valid choices, the compiler's errors, …</summary>
    public IReadOnlyList<string> Details { get; }

    public int ExitCode { get; }
}
