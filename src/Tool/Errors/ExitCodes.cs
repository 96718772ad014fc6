namespace Experiments.Tool.Errors;

/// <summary>What <c>dotnet experiment</c> exits with; scripts and CI branch on these.</summary>
public static class ExitCodes
{
    /// <summary>Everything planned succeeded (or there was nothing to do).</summary>
    public const int Success = 0;

    /// <summary>The run finished, but at least one point failed or was not run.</summary>
    public const int PointsFailed = 1;

    /// <summary>A mistake in the command line, the project or its files; the message says what and what is valid.</summary>
    public const int UserError = 2;

    /// <summary>The project does not build.</summary>
    public const int BuildFailed = 3;

    /// <summary>The backend could not prepare or start the run (the app will not start, a service refused it).</summary>
    public const int BackendFailed = 4;

    /// <summary>A fault in the tool itself or its environment (a bug to report).</summary>
    public const int InternalError = 70;

    /// <summary>Stopped with Ctrl+C; the run can be resumed.</summary>
    public const int Interrupted = 130;
}
