using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Approval of generated sources in the Verify convention: <c>Snapshots/{Test}.{Name}.verified.cs</c> beside the tests
/// holds the approved text; a mismatch writes <c>.received.cs</c> next to it and fails with the command to compare.
/// Set EXPERIMENTS_ACCEPT_SNAPSHOTS=1 to accept the received texts instead (then review the diff in git).
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string test, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var stem = Path.Combine(directory, $"{test}.{Path.GetFileNameWithoutExtension(name)}");
        var verified = stem + ".verified.cs";
        var received = stem + ".received.cs";
        actual = actual.Replace("\r\n", "\n");

        var accept = Environment.GetEnvironmentVariable("EXPERIMENTS_ACCEPT_SNAPSHOTS") == "1";
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        var why = expected is null ? "there is no approved snapshot yet" : $"it differs from the approved one ({FirstDifference(expected, actual)})";
        throw new XunitException(
            $"Generated '{name}' does not match {Path.GetFileName(verified)}: {why}.{Environment.NewLine}" +
            $"Compare: diff \"{verified}\" \"{received}\"{Environment.NewLine}" +
            "Accept all: EXPERIMENTS_ACCEPT_SNAPSHOTS=1 dotnet test …");
    }

    /// <summary>Verifies every generated file of a run, each as its own snapshot.</summary>
    public static void VerifyAll(GeneratorOutput output, string test, [CallerFilePath] string callerFile = "")
    {
        foreach (var (hintName, source) in output.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
            Verify(source, test, hintName, callerFile);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
                return $"line {i + 1}: expected `{e.Trim()}`, got `{a.Trim()}`";
        }
        return "line endings";
    }
}
