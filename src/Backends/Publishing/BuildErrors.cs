using System.Text.RegularExpressions;

namespace Experiments.Backends.Publishing;

/// <summary>Picks the compiler's and MSBuild's errors out of build output, as short as a person wants to read them.</summary>
public static partial class BuildErrors
{
    public const int MaxShown = 30;

    /// <summary>Distinct error lines, with the project directory made relative and the trailing "[project]" removed.</summary>
    public static IReadOnlyList<string> Extract(string output, string projectDirectory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(projectDirectory) + Path.DirectorySeparatorChar;
        var errors = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (!ErrorLine().IsMatch(line))
                continue;
            line = ProjectSuffix().Replace(line, "").Replace(prefix, "", StringComparison.Ordinal);
            if (!errors.Contains(line))
                errors.Add(line);
        }
        return errors;
    }

    // "file(12,5): error CS1002: ; expected [proj]", "MSBUILD : error MSB1009: …", "error NU1101: …"
    [GeneratedRegex(@"(^|:\s*|\s)error\s+[A-Z]+[0-9]+\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\s+\[[^\]]+\.(cs|fs|vb)proj(::[^\]]*)?\]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectSuffix();
}
