using System.Diagnostics;
using System.Text;

namespace Experiments.Backends.Publishing;

/// <summary>Runs <c>dotnet publish</c> and keeps what it printed, so a failure can be shown with the SDK's own words.</summary>
internal static class DotnetPublish
{
    /// <summary>How many of the SDK's error lines a failure message quotes.</summary>
    private const int QuotedErrors = 15;

    public static async Task RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost.Find())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("publish");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // MSBuild nodes that outlive the publish would keep the caller's pipes (and CI jobs) open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var gate = new Lock();
        void Keep(string? line)
        {
            if (line is null)
                return;
            lock (gate)
                output.AppendLine(line);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            string text;
            lock (gate)
                text = output.ToString();
            throw new PublishFailedException(
                $"dotnet publish failed (exit {process.ExitCode}):{Environment.NewLine}{Errors(text)}");
        }
    }

    /// <summary>The SDK's error lines (each once: MSBuild repeats them in its summary), else the output's tail.</summary>
    internal static string Errors(string output)
    {
        var lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(QuotedErrors).ToArray();
        return string.Join(Environment.NewLine, errors.Length > 0 ? errors : lines.TakeLast(QuotedErrors));
    }
}
