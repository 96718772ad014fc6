using System.Runtime.CompilerServices;

namespace Experiments.Tool.Tests.Support;

/// <summary>
/// Approval testing in the Verify convention: <c>{Test}.verified.txt</c> beside the test file holds the approved text;
/// on a mismatch the actual text goes to <c>{Test}.received.txt</c> (ignored by git) and the test fails. Approve by
/// renaming the received file, or run with EXPERIMENTS_ACCEPT=1 to accept every received text.
/// </summary>
public static class Approvals
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var verified = Path.Combine(directory, $"{name}.verified.txt");
        var received = Path.Combine(directory, $"{name}.received.txt");
        var text = Normalize(actual);
        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == text)
        {
            File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable("EXPERIMENTS_ACCEPT") == "1")
        {
            File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        Assert.Fail(File.Exists(verified)
            ? $"{name}: the text differs from {Path.GetFileName(verified)}; see {received}.\n{FirstDifference(Normalize(File.ReadAllText(verified)), text)}"
            : $"{name}: no approved text yet; review {received} and rename it to {Path.GetFileName(verified)}.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "(end)";
            var right = i < a.Length ? a[i] : "(end)";
            if (left != right)
                return $"First difference at line {i + 1}:\n  approved: {left}\n  received: {right}";
        }
        return "";
    }
}
