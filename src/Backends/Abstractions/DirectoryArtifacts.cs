using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>Artifacts in a directory store (this machine's run folder, or a shared directory it sees): listed and copied as files.</summary>
public static class DirectoryArtifacts
{
    public static IReadOnlyList<StoredArtifact> List(string store, string experimentName)
    {
        var root = PointRecordFiles.ArtifactsRoot(store, experimentName);
        if (!Directory.Exists(root))
            return [];
        var found = new List<StoredArtifact>();
        foreach (var point in new DirectoryInfo(root).EnumerateDirectories())
        {
            foreach (var file in point.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                var path = Path.GetRelativePath(point.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                found.Add(new StoredArtifact(experimentName, point.Name, path, file.Length));
            }
        }
        return found
            .OrderBy(a => a.PointFolder, StringComparer.Ordinal)
            .ThenBy(a => a.Path, StringComparer.Ordinal)
            .ToArray();
    }

    public static string PathOf(string store, StoredArtifact artifact) => Path.Combine(
        PointRecordFiles.ArtifactsRoot(store, artifact.Experiment), artifact.PointFolder, artifact.Path.Replace('/', Path.DirectorySeparatorChar));

    public static void Copy(string store, StoredArtifact artifact, string destination) =>
        File.Copy(PathOf(store, artifact), destination, overwrite: true);
}
