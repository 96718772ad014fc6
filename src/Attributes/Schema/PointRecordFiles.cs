using System.Security.Cryptography;
using System.Text;

namespace Experiments.Schema;

/// <summary>
/// Where records live in a directory result store: <c>{store}/records/{experiment-hash}-task-{N}.jsonl</c>. One file per
/// task, written by the one worker that runs the task, so appends never interleave; the experiment hash keeps files of
/// different experiments apart when several plans share a store.
/// </summary>
public static class PointRecordFiles
{
    public const string RecordsFolder = "records";
    public const string ArtifactsFolder = "artifacts";
    public const string Extension = ".jsonl";

    /// <summary>The first 12 lowercase hex characters of SHA-256 over the experiment's name (UTF-8).</summary>
    public static string ExperimentHash(string experimentName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(experimentName)))[..12];

    public static string FileName(string experimentName, int task) => $"{ExperimentHash(experimentName)}-task-{task}{Extension}";

    public static string RecordsDirectory(string store) => Path.Combine(store, RecordsFolder);

    public static string PathOf(string store, string experimentName, int task) =>
        Path.Combine(RecordsDirectory(store), FileName(experimentName, task));

    /// <summary>Where the artifacts of an experiment's points go (<c>ExperimentContext.ArtifactsDirectory</c> adds the point's folder).</summary>
    public static string ArtifactsRoot(string store, string experimentName) =>
        Path.Combine(store, ArtifactsFolder, ExperimentContext.ArtifactsFolderName(experimentName));

    /// <summary>An experiment's artifacts relative to a store, '/'-separated as object names are: <c>artifacts/{experiment folder}</c>.</summary>
    public static string ArtifactsPrefix(string experimentName) =>
        ArtifactsFolder + "/" + ExperimentContext.ArtifactsFolderName(experimentName);

    /// <summary>The folder of one point's artifacts under its experiment's: the key made file-system-safe, with a hash of it.</summary>
    public static string PointArtifactsFolder(string key) => ExperimentContext.ArtifactsFolderName(key);
}
