using Experiments.Registry;

namespace Experiments.Backends.Slurm;

/// <summary>What one array job's script needs. The caller cuts arrays per experiment, so one set of resources applies.</summary>
/// <param name="RunId">The plan's run id (job name, paths).</param>
/// <param name="Chunk">The plan tasks this array runs: index i runs task <c>Chunk.Offset + i</c>.</param>
/// <param name="MaxPointsPerTask">The most points any task of the chunk holds (bounds time and restarts).</param>
/// <param name="Resources">What one point of the chunk's experiment needs.</param>
/// <param name="Options">The validated <c>slurm</c> settings.</param>
/// <param name="PackageId">The prepared package's id: the app lives in <c>packages/{id}</c>.</param>
/// <param name="AssemblyName">The app's assembly name: the self-contained apphost's file name.</param>
/// <param name="Experiment">The chunk's experiment: its record files are what the script watches for progress.</param>
public sealed record SbatchScriptRequest(
    string RunId,
    ArrayChunk Chunk,
    int MaxPointsPerTask,
    ExperimentResources Resources,
    SlurmOptions Options,
    string PackageId,
    string AssemblyName,
    string Experiment);
