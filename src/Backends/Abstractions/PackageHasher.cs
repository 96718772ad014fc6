using System.Security.Cryptography;
using System.Text;
using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>
/// The package id: SHA-256 over every file of the app folder (relative path with '/' separators, length and content,
/// in ordinal path order), as ClusterJob's PID. The manifest is one of those files, so a changed grid changes the id.
/// </summary>
public static class PackageHasher
{
    /// <summary>Lowercase hex characters of the id (64 bits: ample to tell builds apart, short enough for an image tag).</summary>
    public const int IdLength = 16;

    public static string Hash(string appDirectory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(appDirectory))
            throw new DirectoryNotFoundException($"The app folder {appDirectory} does not exist; build the project first.");
        if (!File.Exists(Path.Combine(appDirectory, ManifestModel.FileName)))
        {
            throw new FileNotFoundException(
                $"{appDirectory} has no {ManifestModel.FileName}; is it the output of a project that references Experiments?",
                Path.Combine(appDirectory, ManifestModel.FileName));
        }
        var files = Directory.GetFiles(appDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(appDirectory, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (full, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = File.OpenRead(full);
            total.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{stream.Length}\n"));
            total.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(total.GetHashAndReset())[..IdLength];
    }
}
