using System.Runtime.CompilerServices;

namespace Experiments.TestSupport;

/// <summary>
/// Snapshot checks in the Verify convention, for every test project: the approved text is <c>{stem}.verified{ext}</c>
/// beside the test; on a mismatch the actual text goes to <c>{stem}.received{ext}</c> (ignored by git) and the test
/// fails naming the first differing line. Approve by renaming the received file, or run the tests with
/// <c>EXPERIMENTS_ACCEPT_SNAPSHOTS=1</c> to accept every received text (then review the diff in git).
/// </summary>
public static class Approvals
{
    public const string AcceptVariable = "EXPERIMENTS_ACCEPT_SNAPSHOTS";

    /// <summary>Checks <paramref name="actual"/> against <c>{name}.verified.txt</c> in the calling test file's folder.</summary>
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "") =>
        VerifyAt(actual, Path.Combine(Path.GetDirectoryName(testFile)!, name));

    /// <summary>Checks <paramref name="actual"/> against <c>{stemPath}.verified{extension}</c>.</summary>
    public static void VerifyAt(string actual, string stemPath, string extension = ".txt")
    {
        var verified = stemPath + ".verified" + extension;
        var received = stemPath + ".received" + extension;
        var text = Normalize(actual);
        var approved = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (approved == text)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        throw new ApprovalException(approved is null
            ? $"No approved text yet: review {received} and rename it to {Path.GetFileName(verified)}."
            : $"The text differs from {verified} ({FirstDifference(approved, text)}).{Environment.NewLine}" +
              $"Compare: diff \"{verified}\" \"{received}\"; accept with {AcceptVariable}=1 or by renaming the received file.");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
                return $"line {i + 1}: approved `{left.Trim()}`, received `{right.Trim()}`";
        }
        return "no line differs";
    }
}

/// <summary>A snapshot that does not match its approved text.</summary>
public sealed class ApprovalException(string message) : Exception(message);
