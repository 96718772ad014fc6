using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// Job ids as Batch takes them (1–63 lowercase letters, digits and hyphens, starting with a letter, not ending with a
/// hyphen): <c>exp-{run id}-{submission}-{first task}</c>. The submission part is drawn once per SubmitAsync, so a
/// create retried after its answer was lost carries the same id (and is answered ALREADY_EXISTS), while a later
/// submission of the same tasks (resume) can never collide with jobs Batch still keeps.
/// </summary>
public static class GoogleBatchJobIds
{
    public const int MaxLength = 63;
    private const int RunPartLength = 30;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A fresh <c>exp-{run id}-{6 random characters}</c>; every job of one submission starts with it.</summary>
    public static string NewPrefix(string runId)
    {
        var random = new StringBuilder(6);
        for (var i = 0; i < 6; i++)
            random.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        return $"exp-{Sanitize(runId)}-{random}";
    }

    /// <summary>The job of the chunk whose first plan task is <paramref name="firstTask"/>.</summary>
    public static string For(string prefix, int firstTask) => prefix + "-" + firstTask.ToString(CultureInfo.InvariantCulture);

    public static bool IsValid(string id) =>
        id.Length is >= 1 and <= MaxLength && id[0] is >= 'a' and <= 'z' && id[^1] != '-'
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>Lowercase letters, digits and single hyphens, at most <see cref="RunPartLength"/> characters.</summary>
    internal static string Sanitize(string text)
    {
        var result = new StringBuilder(Math.Min(text.Length, RunPartLength));
        foreach (var c in text.ToLowerInvariant())
        {
            if (result.Length == RunPartLength)
                break;
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (keep == '-' && (result.Length == 0 || result[^1] == '-'))
                continue;
            result.Append(keep);
        }
        var trimmed = result.ToString().Trim('-');
        return trimmed.Length == 0 ? "run" : trimmed;
    }
}
