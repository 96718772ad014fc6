namespace Experiments.Tool.Projects;

/// <summary>
/// Remembers where a project's assembly is built (the <c>TargetPath</c> that <c>dotnet msbuild -getProperty</c>
/// evaluates), so a <c>--no-build</c> run does not start MSBuild — most of a one-point run's fixed cost — every time.
/// An entry holds the project file and the MSBuild files that can change the answer (Directory.Build.props/.targets,
/// Directory.Packages.props, global.json in every folder above it, present or not) with their last-write times; any
/// change, or a target that no longer exists, means evaluating again.
/// </summary>
internal static class BuiltTargetCache
{
    private static readonly string[] ImportedNames = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"];

    /// <summary>The remembered target path, or null when there is none or it may no longer be right.</summary>
    public static string? TryRead(string projectFile, string configuration)
    {
        try
        {
            var path = EntryPath(projectFile, configuration);
            if (!File.Exists(path))
                return null;
            var lines = File.ReadAllLines(path);
            if (lines.Length < 2 || !File.Exists(lines[0]))
                return null;
            return lines.Skip(1).SequenceEqual(Fingerprint(projectFile), StringComparer.Ordinal) ? lines[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Write(string projectFile, string configuration, string targetPath)
    {
        try
        {
            var path = EntryPath(projectFile, configuration);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllLines(temporary, Fingerprint(projectFile).Prepend(targetPath));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a shortcut: without it the next run evaluates the project again.
        }
    }

    /// <summary>In the user's cache folder, not the project: a run that fails or a dry run leaves the project as it was.</summary>
    private static string EntryPath(string projectFile, string configuration)
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var project = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(projectFile) + "\n" + configuration)))[..24];
        return Path.Combine(cache, "experiments", "target-paths", project + ".txt");
    }

    private static IEnumerable<string> Fingerprint(string projectFile)
    {
        var full = Path.GetFullPath(projectFile);
        yield return Stamp(full);
        for (var directory = Path.GetDirectoryName(full); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            foreach (var name in ImportedNames)
                yield return Stamp(Path.Combine(directory, name));
        }
    }

    private static string Stamp(string path) =>
        File.Exists(path) ? $"{path}|{File.GetLastWriteTimeUtc(path).Ticks}|{new FileInfo(path).Length}" : $"{path}|absent";
}
