using Experiments.Schema;
using Experiments.Tool.Recording;

namespace Experiments.Tool.Artifacts;

/// <summary>
/// Where an experiment's artifacts come home: <c>&lt;Class&gt;.&lt;Method&gt;.artifacts/</c> beside its results file,
/// one folder per point named by <see cref="PointRecordFiles.PointArtifactsFolder"/> (the key made file-system-safe,
/// with a hash of it). The tool writes no ignore rule for it: whether to commit artifacts is the user's choice.
/// </summary>
public static class ArtifactsHome
{
    public const string Suffix = ".artifacts";

    public static string PathFor(string projectDirectory, ManifestExperiment experiment)
    {
        var results = ResultsFiles.PathFor(projectDirectory, experiment);
        return results[..^ResultsFile.Suffix.Length] + Suffix;
    }

    /// <summary>The folder of a point's artifacts, whether or not it exists.</summary>
    public static string PointFolder(string home, string key) => Path.Combine(home, PointRecordFiles.PointArtifactsFolder(key));
}
