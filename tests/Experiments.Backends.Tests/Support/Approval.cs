using System.Runtime.CompilerServices;

namespace Experiments.Backends.Tests.Support;

/// <summary>
/// Snapshot checks in the Verify convention: the approved text is <c>{TestClass}.{Test}.verified.txt</c> beside the test's
/// source file; on a mismatch the actual text is written to <c>….received.txt</c> (ignored by git) for review — accept
/// it by renaming it to <c>.verified.txt</c>.
/// </summary>
public static class Approval
{
    public static void Verify(string actual, [CallerFilePath] string sourceFile = "", [CallerMemberName] string test = "")
    {
        var directory = Path.GetDirectoryName(sourceFile)!;
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(sourceFile)}.{test}");
        var verifiedPath = stem + ".verified.txt";
        var receivedPath = stem + ".received.txt";
        var normalized = Normalize(actual);
        if (File.Exists(verifiedPath) && Normalize(File.ReadAllText(verifiedPath)) == normalized)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(File.Exists(verifiedPath)
            ? $"The output differs from {verifiedPath}; see {receivedPath} and rename it to accept it."
            : $"No approved output yet: review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)} to accept it.");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
