using System.Globalization;
using System.Security.Cryptography;

namespace Experiments.Backends.AzureBatch;

/// <summary>Batch ids (jobs, tasks, pools): 1–64 letters, digits, hyphens and underscores, unique case-insensitively.</summary>
public static class AzureBatchIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string id) =>
        id.Length is >= 1 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// <c>exp-{run id}-{first task}-{random}</c>: the run and tasks show in the portal, and the random part makes each
    /// submission's job new, so a <c>JobExists</c> answer can only be this submission's own earlier try.
    /// </summary>
    public static string NewJobId(string runId, int firstTask) => JobId(runId, firstTask, NewToken());

    /// <summary>The random part every job of one submission shares.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary><c>exp-{run id}-{first task}-{token}</c>, the run id cut to fit 64 characters.</summary>
    public static string JobId(string runId, int firstTask, string token)
    {
        var run = new string(runId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        var suffix = string.Create(CultureInfo.InvariantCulture, $"-{firstTask}-{token}");
        var head = "exp-" + run;
        return head[..Math.Min(head.Length, MaxLength - suffix.Length)] + suffix;
    }

    /// <summary>A task's id is its plan task number, so logs and the portal name the same task the tool does.</summary>
    public static string TaskId(int task) => task.ToString(CultureInfo.InvariantCulture);

    public static int? TaskNumber(string? taskId) =>
        int.TryParse(taskId, NumberStyles.None, CultureInfo.InvariantCulture, out var task) ? task : null;
}
