using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Experiments.Generator.Parsing;

/// <summary>
/// The declaring file's path relative to the project directory with '/' separators: the manifest and results files are
/// committed and shared, so they must not carry a machine's absolute paths.
/// </summary>
internal static class SourcePaths
{
    public static string Relative(string filePath, string? projectDirectory)
    {
        var file = Normalize(filePath);
        if (!IsRooted(file))
            return file;
        if (string.IsNullOrWhiteSpace(projectDirectory))
            return FileName(file);

        var fileParts = Split(file);
        var dirParts = Split(Normalize(projectDirectory!));
        // Windows paths compare case-insensitively; Unix paths that differ only in case are rare enough in one project.
        var comparison = file.Length > 1 && file[1] == ':' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var common = 0;
        while (common < dirParts.Count && common < fileParts.Count - 1
               && string.Equals(dirParts[common], fileParts[common], comparison))
        {
            common++;
        }
        if (common == 0)
            return FileName(file);
        var up = Enumerable.Repeat("..", dirParts.Count - common);
        return string.Join("/", up.Concat(fileParts.Skip(common)));
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static bool IsRooted(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':');

    private static List<string> Split(string path) =>
        path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();

    private static string FileName(string path) => Path.GetFileName(path);
}
