namespace Experiments.Backends;

/// <summary>
/// The files points wrote to <c>ExperimentContext.ArtifactsDirectory</c>, as a result store holds them
/// (<c>{store}/artifacts/{experiment}/{point}/…</c>): listed with sizes, so the tool can keep to a size cap before it
/// copies anything home, then copied one by one.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Every artifact file of the experiment's points, in name order; empty when there are none.</summary>
    Task<IReadOnlyList<StoredArtifact>> ListArtifactsAsync(string experimentName, CancellationToken cancellationToken);

    /// <summary>Copies one listed file to <paramref name="destination"/> on this machine (its folder must exist).</summary>
    Task CopyArtifactAsync(StoredArtifact artifact, string destination, CancellationToken cancellationToken);
}

/// <summary>One artifact file in a store.</summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="PointFolder">The point's folder (<c>Experiments.Schema.PointRecordFiles.PointArtifactsFolder</c> of its key).</param>
/// <param name="Path">The file's path under the point's folder, '/'-separated.</param>
/// <param name="Size">Bytes.</param>
public sealed record StoredArtifact(string Experiment, string PointFolder, string Path, long Size);
