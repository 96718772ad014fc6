using System;
using System.IO;
using System.Text;

namespace Experiments.Tasks;

/// <summary>Writes generated files only when their content changes, so timestamps (and incremental builds and
/// anything watching the file) see no change when there is none.</summary>
internal static class FileContent
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 unless the file already holds exactly it; true when written.</summary>
    public static bool WriteIfChanged(string path, string text)
    {
        var bytes = Utf8NoBom.GetBytes(text);
        if (File.Exists(path) && SameBytes(path, bytes))
            return false;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Write beside and rename: a reader (the tool, a parallel build) never sees half a manifest.
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            if (File.Exists(path))
                File.Replace(temporary, path, destinationBackupFileName: null);
            else
                File.Move(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
        return true;
    }

    private static bool SameBytes(string path, byte[] bytes)
    {
        var info = new FileInfo(path);
        if (info.Length != bytes.Length)
            return false;
        var existing = File.ReadAllBytes(path);
        for (var i = 0; i < existing.Length; i++)
        {
            if (existing[i] != bytes[i])
                return false;
        }
        return true;
    }
}
