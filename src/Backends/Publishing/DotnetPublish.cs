namespace Experiments.Backends.Publishing;

/// <summary>Runs <c>dotnet publish</c> and keeps what it printed, so a failure can be shown with the SDK's own words.</summary>
internal static class DotnetPublish
{
    /// <summary>How many of the SDK's error lines a failure message quotes.</summary>
    private const int QuotedErrors = 15;

    /// <param name="projectFile">The project to publish.</param>
    /// <param name="options">The options after it (<c>-c</c>, <c>-r</c>, <c>-p:…</c>).</param>
    public static async Task RunAsync(
        string projectFile, IReadOnlyList<string> options, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        var host = DotnetHost.Find();
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // MSBuild nodes that outlive the publish would keep the caller's pipes (and CI jobs) open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            variables[name] = value;
        var result = await ExternalProcess.RunAsync(host, ["publish", projectFile, .. options], cancellationToken, environment: variables).ConfigureAwait(false)
            ?? throw new PublishFailedException($"Could not start {host} to publish the app; is the .NET SDK installed?");
        if (!result.Succeeded)
            throw new PublishFailedException($"dotnet publish failed (exit {result.ExitCode}):{Environment.NewLine}{Errors(result.Output, Path.GetDirectoryName(projectFile)!)}");
    }

    /// <summary>The SDK's error lines as <see cref="BuildErrors"/> picks them (each once), else the output's tail.</summary>
    internal static string Errors(string output, string projectDirectory)
    {
        var errors = BuildErrors.Extract(output, projectDirectory);
        var lines = errors.Count > 0
            ? errors
            : output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(Environment.NewLine, errors.Count > 0 ? lines.Take(QuotedErrors) : lines.TakeLast(QuotedErrors));
    }
}
