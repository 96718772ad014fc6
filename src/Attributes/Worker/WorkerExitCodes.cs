namespace Experiments.Worker;

/// <summary>
/// What a worker's exit code means. Failed points are data, not worker failures: a worker whose points all ended,
/// however they ended, exits with <see cref="Success"/>.
/// </summary>
public static class WorkerExitCodes
{
    /// <summary>Every point the worker was given ended and is recorded.</summary>
    public const int Success = 0;

    /// <summary>The worker could not run at all: bad arguments, an unreadable plan, a plan for another build of the app.</summary>
    public const int InvalidInvocation = 2;

    /// <summary>A point ran past its timeout and did not stop; it is recorded as a timeout. Start the worker again to go on.</summary>
    public const int Timeout = 124;

    /// <summary>The worker was told to stop (SIGTERM or SIGINT); the point it was running is recorded as cancelled.</summary>
    public const int Cancelled = 130;
}
