using Experiments.Backends;
using Experiments.Tool.Artifacts;

namespace Experiments.Tool.Reporting;

/// <summary>
/// The artifacts collected beside a results file (<see cref="ArtifactsHome"/>), as a report lists them: the folder, how
/// many points and bytes, and the first points' files, each as a link relative to the report's folder so the links work
/// from a checkout and from GitHub.
/// </summary>
/// <param name="Folder">The artifacts folder, relative to the report folder, '/'-separated, ending in '/'.</param>
/// <param name="Points">The first points' folders with their files (relative links), in name order.</param>
public sealed record ReportArtifacts(string Folder, int PointCount, long Bytes, IReadOnlyList<(string Point, IReadOnlyList<(string Name, string Link)> Files)> Points)
{
    public const int MaxPointsListed = 20;
    public const int MaxFilesListed = 10;

    /// <summary>The listing, or null when nothing was collected beside <paramref name="resultsPath"/>.</summary>
    public static ReportArtifacts? Of(string resultsPath, string reportFolder)
    {
        if (!resultsPath.EndsWith(Experiments.Schema.ResultsFile.Suffix, StringComparison.Ordinal))
            return null;
        var home = resultsPath[..^Experiments.Schema.ResultsFile.Suffix.Length] + ArtifactsHome.Suffix;
        if (!Directory.Exists(home))
            return null;
        var points = new DirectoryInfo(home).EnumerateDirectories()
            .Where(d => !d.Name.EndsWith(".partial", StringComparison.Ordinal))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToArray();
        if (points.Length == 0)
            return null;
        string Link(string path) => Path.GetRelativePath(reportFolder, path).Replace(Path.DirectorySeparatorChar, '/');
        var listed = points.Take(MaxPointsListed).Select(p => (p.Name, (IReadOnlyList<(string, string)>)p
                .EnumerateFiles("*", SearchOption.AllDirectories)
                .OrderBy(f => f.FullName, StringComparer.Ordinal)
                .Take(MaxFilesListed)
                .Select(f => (Path.GetRelativePath(p.FullName, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), Link(f.FullName)))
                .ToArray()))
            .ToArray();
        return new ReportArtifacts(Link(home) + "/", points.Length, ByteSize.OfDirectory(home), listed);
    }

    /// <summary>A relative link as a URL path: what is not a plain name character is percent-encoded (spaces, '#', '(', …).</summary>
    public static string UrlPath(string link)
    {
        var text = new System.Text.StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(link))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/' or '=')
                text.Append(c);
            else
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    public string Summary =>
        $"{PointCount} point{(PointCount == 1 ? "" : "s")} left files ({ByteSize.Format(Bytes)}), collected in {Folder}" +
        (PointCount > MaxPointsListed ? $"; the first {MaxPointsListed} are listed." : ".");
}
