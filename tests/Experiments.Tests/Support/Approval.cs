using System.Runtime.CompilerServices;

namespace Experiments.Tests.Support;

/// <summary>
/// Snapshot assertions in the Verify convention: the approved text is <c>{Class}.{Test}.verified.txt</c> beside the test
/// file; on a mismatch the actual text is written to <c>{Class}.{Test}.received.txt</c> (ignored by git) so it can be
/// diffed and, if right, renamed over the verified file.
/// </summary>
internal static class Approval
{
    public static void Verify(string received, string className, [CallerMemberName] string testName = "", [CallerFilePath] string testFile = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var verifiedPath = Path.Combine(directory, $"{className}.{testName}.verified.txt");
        var receivedPath = Path.Combine(directory, $"{className}.{testName}.received.txt");
        received = received.ReplaceLineEndings("\n");
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).ReplaceLineEndings("\n") : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail(verified is null
            ? $"No approved snapshot yet. Review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)}."
            : $"Snapshot differs from {verifiedPath}. Compare it with {receivedPath}; if the new text is right, rename it over the verified file.");
    }
}
