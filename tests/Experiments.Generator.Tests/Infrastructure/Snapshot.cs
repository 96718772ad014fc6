using System.Runtime.CompilerServices;
using Experiments.TestSupport;

namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Generated sources as snapshots: <c>Snapshots/{Test}.{HintName}.verified.cs</c> beside the tests, checked with the
/// shared <see cref="Approvals"/> (EXPERIMENTS_ACCEPT_SNAPSHOTS=1 accepts).
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string test, string name, [CallerFilePath] string callerFile = "") =>
        Approvals.VerifyAt(
            actual,
            Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", $"{test}.{Path.GetFileNameWithoutExtension(name)}"),
            ".cs");

    /// <summary>Verifies every generated file of a run, each as its own snapshot.</summary>
    public static void VerifyAll(GeneratorOutput output, string test, [CallerFilePath] string callerFile = "")
    {
        foreach (var (hintName, source) in output.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
            Verify(source, test, hintName, callerFile);
    }
}
