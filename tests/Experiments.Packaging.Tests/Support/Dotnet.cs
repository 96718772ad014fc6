using Experiments.TestSupport;

namespace Experiments.Packaging.Tests.Support;

/// <summary>Runs the dotnet CLI the way a user does, failing the test with the full output when it fails.</summary>
internal static class Dotnet
{
    public static async Task<ProcessResult> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, environment, TimeSpan.FromMinutes(8));
        if (result.ExitCode != 0 || result.TimedOut)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {workingDirectory}:\n{result}");
        return result;
    }
}
